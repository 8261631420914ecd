package dev.herald.adapter.websocket.connection;

import dev.herald.adapter.http.Bearer;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class HandshakeTest {

    @Test
    void headersAreFoundWhateverTheirCase() {
        Handshake handshake = Handshake.from(Map.of("origin", List.of("https://app.example"),
                "AUTHORIZATION", List.of("Bearer t"), "x-forwarded-for", List.of("1.2.3.4"),
                "X-Herald-Remote-Addr", List.of("10.0.0.2")), Map.of("token", List.of("q")));
        assertThat(handshake.origin()).contains("https://app.example");
        assertThat(handshake.authorization()).contains("Bearer t");
        assertThat(handshake.forwardedFor()).contains("1.2.3.4");
        assertThat(handshake.remoteAddress()).isEqualTo("10.0.0.2");
        assertThat(handshake.tokenParameter()).contains("q");
    }

    @Test
    void missingValuesAreEmpty() {
        Handshake handshake = Handshake.from(Map.of(), Map.of());
        assertThat(handshake.origin()).isEmpty();
        assertThat(handshake.remoteAddress()).isEqualTo("unknown");
        assertThat(handshake.tokenParameter()).isEmpty();
    }
}
