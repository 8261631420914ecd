package dev.herald.adapter.websocket.upgrade;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class UpgradeRequestTest {

    private static final String RFC_KEY = "dGhlIHNhbXBsZSBub25jZQ==";

    @Test
    void acceptIsTheRfcExample() {
        assertThat(UpgradeRequest.accept(RFC_KEY)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
    }

    @Test
    void aBrowserHandshakeIsValid() {
        assertThat(UpgradeRequest.check("GET", "websocket", "keep-alive, Upgrade", "13", RFC_KEY)).isEmpty();
        assertThat(UpgradeRequest.check("GET", "WebSocket", "upgrade", " 13 ", RFC_KEY)).isEmpty();
    }

    @Test
    void whatIsNotAValidHandshakeIsRefusedWithItsStatus() {
        assertThat(UpgradeRequest.check("POST", "websocket", "Upgrade", "13", RFC_KEY)).get()
                .extracting(UpgradeRequest.Refusal::status).isEqualTo(405);
        assertThat(UpgradeRequest.check("GET", null, null, null, null)).get()
                .extracting(UpgradeRequest.Refusal::status).isEqualTo(426);
        assertThat(UpgradeRequest.check("GET", "websocket", "keep-alive", "13", RFC_KEY)).get()
                .extracting(UpgradeRequest.Refusal::status).isEqualTo(426);
        assertThat(UpgradeRequest.check("GET", "websocket", "Upgrade", "8", RFC_KEY)).get()
                .extracting(UpgradeRequest.Refusal::status).isEqualTo(426);
        assertThat(UpgradeRequest.check("GET", "websocket", "Upgrade", "13", "c2hvcnQ=")).get()
                .extracting(UpgradeRequest.Refusal::status).isEqualTo(400);
        assertThat(UpgradeRequest.check("GET", "websocket", "Upgrade", "13", "not base64!")).get()
                .extracting(UpgradeRequest.Refusal::status).isEqualTo(400);
    }
}
