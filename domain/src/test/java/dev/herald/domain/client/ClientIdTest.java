package dev.herald.domain.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientIdTest {

    @Test
    void isAValueNamedByTheTransport() {
        assertThat(ClientId.of("ws-1")).isEqualTo(new ClientId("ws-1")).hasToString("ws-1");
        assertThat(ClientId.of("ws-1")).isNotEqualTo(ClientId.of("ws-2"));
    }

    @Test
    void mustNotBeNullOrBlank() {
        assertThatThrownBy(() -> ClientId.of(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> ClientId.of("")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ClientId.of(" \t")).isInstanceOf(IllegalArgumentException.class);
    }
}
