package dev.herald.distribution.conformance;

import dev.herald.bootstrap.testing.GatewayApi;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.function.LongSupplier;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The server's own pings: a connection that answers them stays, however long; one that stops
 * reading and answering, its socket still open (a laptop asleep, a mobile network gone), loses its
 * slot within the ping interval plus the pong timeout, counted in
 * {@code herald_socket_pong_timeouts_total} and logged with its client id.
 */
interface ServerPingCases extends TransportUnderTest {

    /** Scheduling, metric scrapes and the check period of the gateway's sweep. */
    Duration SLACK = Duration.ofMillis(750);

    /** {@code herald.socket.ping-interval-ms} of the gateway under test. */
    long pingIntervalMs();

    /** {@code herald.socket.pong-timeout-ms} of the gateway under test. */
    long pongTimeoutMs();

    /** The gateway's log so far. */
    String serverLog();

    @Test
    default void server_pings_keep_an_answering_peer_and_evict_one_that_stopped_answering() throws Exception {
        GatewayApi api = new GatewayApi(base());
        try (Conversation peer = open()) {
            long through = 3 * pingIntervalMs() + pongTimeoutMs();
            awaitAtMost(Duration.ofMillis(through + SLACK.toMillis()), "three server pings", () -> peer.wire().serverPings(), 3);
            peer.usable(); // answering its pings kept it connected

            long timeoutsBefore = pongTimeouts(api);
            long connectionsBefore = api.metrics().getInt("activeConnections");
            long logBefore = serverLog().length();
            peer.wire().playDead();
            long deadAt = System.nanoTime();
            Duration allowed = Duration.ofMillis(pingIntervalMs() + pongTimeoutMs()).plus(SLACK);
            awaitAtMost(allowed, "the pong timeout counted", () -> pongTimeouts(api), timeoutsBefore + 1);
            awaitAtMost(allowed.minusNanos(System.nanoTime() - deadAt), "the slot freed",
                    () -> connectionsBefore - api.metrics().getInt("activeConnections"), 1);
            assertThat(Duration.ofNanos(System.nanoTime() - deadAt)).isLessThanOrEqualTo(allowed);
            assertThat(serverLog().substring((int) logBefore)).containsPattern(Pattern.compile("No pong within \\d+ ms: client \\S+"));
        }
    }

    private static void awaitAtMost(Duration limit, String what, LongSupplier value, long atLeast) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (value.getAsLong() < atLeast) {
            assertThat(System.nanoTime()).as("%s within %s", what, limit).isLessThan(deadline);
            Thread.sleep(20);
        }
    }

    /** The Prometheus counter, summed over its series. */
    private static long pongTimeouts(GatewayApi api) {
        String metrics = api.get("/metrics").body();
        return (long) metrics.lines().filter(l -> l.startsWith("herald_socket_pong_timeouts_total"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }
}
