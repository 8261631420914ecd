package dev.herald.bootstrap.e2e;

import dev.herald.bootstrap.testing.RawWebSocket;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * RFC 6455 as the default {@code servlet-upgrade} transport speaks it, with a client that writes
 * frames bit by bit: fragments, control frames between them, bad UTF-8, a request that is no
 * handshake at all.
 */
class WebSocketFramingIT extends GatewayIT {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    @Test
    void aPlainRequestToTheEndpointIsAnsweredUpgradeRequiredInJson() {
        HttpResponse<String> response = api.get("/realtime");
        assertThat(response.statusCode()).isEqualTo(426);
        assertThat(response.headers().firstValue("Sec-WebSocket-Version")).hasValue("13");
        assertThat(response.body()).contains("\"code\":\"BAD_REQUEST\"");
    }

    @Test
    void aFragmentedSubscribeWithAPingBetweenItsFragmentsIsUnderstoodAndThePingAnswered() throws IOException {
        String job = newJob("fragments");
        try (RawWebSocket socket = rawConnect()) {
            byte[] subscribe = ("{\"type\":\"subscribe\",\"jobId\":\"" + job + "\",\"id\":\"frag\"}").getBytes(StandardCharsets.UTF_8);
            int third = subscribe.length / 3;
            socket.sendFrame(false, RawWebSocket.TEXT, java.util.Arrays.copyOfRange(subscribe, 0, third));
            socket.sendFrame(true, RawWebSocket.PING, "heartbeat".getBytes(StandardCharsets.UTF_8));
            socket.sendFrame(false, 0, java.util.Arrays.copyOfRange(subscribe, third, 2 * third));
            socket.sendFrame(true, 0, java.util.Arrays.copyOfRange(subscribe, 2 * third, subscribe.length));

            awaitUntil(() -> socket.texts().stream().anyMatch(t -> t.contains("\"caught-up\"")));
            List<String> texts = socket.texts();
            assertThat(texts.get(0)).contains("\"type\":\"subscribed\"").contains("\"id\":\"frag\"");
            assertThat(socket.pongs()).containsExactly("heartbeat");
        }
    }

    @Test
    void aCharacterSplitAcrossFragmentsArrivesWhole() throws IOException {
        try (RawWebSocket socket = rawConnect()) {
            byte[] ping = "{\"type\":\"ping\",\"id\":\"été\"}".getBytes(StandardCharsets.UTF_8);
            int insideTheFirstE = "{\"type\":\"ping\",\"id\":\"".length() + 1; // between the two bytes of é
            socket.sendFrame(false, RawWebSocket.TEXT, java.util.Arrays.copyOfRange(ping, 0, insideTheFirstE));
            socket.sendFrame(true, 0, java.util.Arrays.copyOfRange(ping, insideTheFirstE, ping.length));
            awaitUntil(() -> !socket.texts().isEmpty());
            assertThat(socket.texts().get(0)).contains("\"type\":\"pong\"").contains("\"id\":\"été\"");
        }
    }

    @Test
    void textThatIsNotUtf8ClosesWith1007() throws IOException {
        try (RawWebSocket socket = rawConnect()) {
            socket.sendFrame(true, RawWebSocket.TEXT, new byte[]{'{', (byte) 0xc3, '}'});
            assertThat(socket.awaitClose(WAIT.toMillis())).hasValue(1007);
        }
    }

    private RawWebSocket rawConnect() throws IOException {
        int n = ADDRESSES.incrementAndGet();
        return RawWebSocket.connect(api.base(), "/realtime", Map.of("Origin", "http://framing-" + n + ".test",
                "X-Forwarded-For", "10.66." + (n / 250) + "." + (n % 250 + 1)));
    }

    private static void awaitUntil(Supplier<Boolean> condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.get()) {
            assertThat(System.nanoTime()).as("condition within %s", WAIT).isLessThan(deadline);
            sleep(10);
        }
    }
}
