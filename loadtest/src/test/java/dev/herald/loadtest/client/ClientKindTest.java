package dev.herald.loadtest.client;

import dev.herald.loadtest.config.ConfigException;
import org.junit.jupiter.api.Test;

import java.net.URI;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ClientKindTest {

    @Test
    void settingsNameTheClients() {
        assertThat(WsClientKind.parse(" NIO ")).isEqualTo(WsClientKind.NIO);
        assertThat(WsClientKind.parse("jdk")).isEqualTo(WsClientKind.JDK);
        assertThat(HttpClientKind.parse("raw")).isEqualTo(HttpClientKind.RAW);
        assertThat(HttpClientKind.parse("Jdk")).isEqualTo(HttpClientKind.JDK);
        assertThatThrownBy(() -> WsClientKind.parse("netty")).isInstanceOf(ConfigException.class).hasMessageContaining("wsClient");
        assertThatThrownBy(() -> HttpClientKind.parse("okhttp")).isInstanceOf(ConfigException.class).hasMessageContaining("httpClient");
    }

    @Test
    void tlsAlwaysGoesToTheJdkClients() {
        Target plain = new Target(URI.create("http://gw:9080"), URI.create("ws://gw:9080/realtime"), null, null);
        Target tls = new Target(URI.create("https://gw"), URI.create("wss://gw/realtime"), null, null);
        assertThat(WsClients.effectiveKind(plain, WsClientKind.NIO)).isEqualTo(WsClientKind.NIO);
        assertThat(WsClients.effectiveKind(tls, WsClientKind.NIO)).isEqualTo(WsClientKind.JDK);
        assertThat(GatewayHttp.effectiveKind(plain, HttpClientKind.RAW)).isEqualTo(HttpClientKind.RAW);
        assertThat(GatewayHttp.effectiveKind(tls, HttpClientKind.RAW)).isEqualTo(HttpClientKind.JDK);
    }
}
