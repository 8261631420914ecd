package dev.herald.adapter.rest;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.NewEvent;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PublishRequestReaderTest {

    private final PublishRequestReader reader = new PublishRequestReader(200);

    private static InputStream body(String text) {
        return new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8));
    }

    private void assertCode(InputStream body, ErrorCode code) {
        assertThatThrownBy(() -> reader.readEvent(body)).isInstanceOfSatisfying(RejectedException.class,
                e -> assertThat(e.code()).isEqualTo(code));
    }

    @Test
    void readsTheTypeAndReserializesThePayloadCompactly() {
        NewEvent body = reader.readEvent(body(
                "{ \"eventType\": \"job.progress\", \"payload\": { \"percent\" : 50, \"t\": \"l'été\" }, \"extra\": 1 }"));
        assertThat(body.eventType()).isEqualTo(EventType.of("job.progress"));
        assertThat(body.payload()).isEqualTo("{\"percent\":50,\"t\":\"l'été\"}");
    }

    @Test
    void anyJsonValueIsAPayload() {
        assertThat(reader.readEvent(body("{\"eventType\":\"t\",\"payload\":null}")).payload()).isEqualTo("null");
        assertThat(reader.readEvent(body("{\"eventType\":\"t\",\"payload\":[1,\"a\"]}")).payload()).isEqualTo("[1,\"a\"]");
        assertThat(reader.readEvent(body("{\"eventType\":\"t\",\"payload\":\"text\"}")).payload()).isEqualTo("\"text\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "{", "[]", "nope", "{\"eventType\":\"t\"}", "{\"payload\":{}}",
            "{\"eventType\":5,\"payload\":{}}", "{\"eventType\":\"bad type\",\"payload\":{}}",
            "{\"eventType\":\"t\",\"payload\":{}} trailing"})
    void badBodiesAreBadRequests(String text) {
        assertCode(body(text), ErrorCode.BAD_REQUEST);
    }

    @Test
    void invalidUtf8IsABadRequest() {
        byte[] bytes = "{\"eventType\":\"t\",\"payload\":\"xx\"}".getBytes(StandardCharsets.UTF_8);
        bytes[29] = (byte) 0xC3;
        bytes[30] = (byte) 0x28;
        assertCode(new ByteArrayInputStream(bytes), ErrorCode.BAD_REQUEST);
    }

    @Test
    void aBodyOverTheLimitIsTooLargeWithoutBeingReadWhole() {
        byte[] huge = new byte[10_000_000];
        java.util.Arrays.fill(huge, (byte) ' ');
        ByteArrayInputStream stream = new ByteArrayInputStream(huge);
        assertCode(stream, ErrorCode.MESSAGE_TOO_LARGE);
        assertThat(stream.available()).isGreaterThan(9_000_000);
    }

    @Test
    void deepNestingIsABadRequest() {
        PublishRequestReader roomy = new PublishRequestReader(100_000);
        String deep = "{\"eventType\":\"t\",\"payload\":" + "[".repeat(20_000) + "]".repeat(20_000) + "}";
        assertThatThrownBy(() -> roomy.readEvent(body(deep))).isInstanceOfSatisfying(RejectedException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void readsABatchInOrder() {
        List<NewEvent> events = reader.readBatch(body(
                "{\"events\":[{\"eventType\":\"a\",\"payload\":{ \"i\" : 1 }},{\"eventType\":\"b\",\"payload\":2}]}"));
        assertThat(events).containsExactly(new NewEvent(EventType.of("a"), "{\"i\":1}"),
                new NewEvent(EventType.of("b"), "2"));
    }

    @ParameterizedTest
    @ValueSource(strings = {"{}", "{\"events\":{}}", "{\"events\":[1]}", "{\"events\":[{\"eventType\":\"a\"}]}",
            "{\"events\":[{\"eventType\":\"a\",\"payload\":1},{\"eventType\":\"no way\",\"payload\":1}]}", "[]"})
    void badBatchesAreBadRequestsNamingTheEvent(String text) {
        assertThatThrownBy(() -> reader.readBatch(body(text))).isInstanceOfSatisfying(RejectedException.class,
                e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_REQUEST));
    }

    @Test
    void aBadEventInABatchIsNamedByItsIndex() {
        assertThatThrownBy(() -> reader.readBatch(body("{\"events\":[{\"eventType\":\"a\",\"payload\":1},{\"payload\":1}]}")))
                .hasMessageContaining("events[1]");
    }
}
