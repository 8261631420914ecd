package dev.herald.adapter.rest;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

class PublishFastPathFilterTest {

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"application/json", "*/*", "application/*", "text/plain, */*", "Application/JSON",
            "application/json, text/plain, */*"})
    void anAcceptThatTakesJsonAsItIsIsAnsweredInFrontOfJaxRs(String accept) {
        assertThat(PublishFastPathFilter.acceptsJson(accept)).isTrue();
    }

    /** Weights could rule JSON out (q=0), and other types alone do: JAX-RS negotiates those, and answers 406. */
    @ParameterizedTest
    @ValueSource(strings = {"text/html", "application/json;q=0", "application/json;q=0.5, */*;q=0.1", "application/xml",
            "application/jsonx", "text/*"})
    void anAcceptToNegotiateIsLeftToJaxRs(String accept) {
        assertThat(PublishFastPathFilter.acceptsJson(accept)).isFalse();
    }
}
