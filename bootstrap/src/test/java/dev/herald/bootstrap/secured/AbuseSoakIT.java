package dev.herald.bootstrap.secured;

import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * One abusive client (floods messages over the rate, churns subscriptions, never reads) next to
 * 50 normal subscribers: the abuser is limited, then cut off; the others lose nothing and their
 * latency stays close to a quiet baseline. Latency here is publish-to-receipt on this machine,
 * measured from the same clock; the figures are printed for docs/security.md.
 */
class AbuseSoakIT extends SecuredGatewayIT {

    private static final int SUBSCRIBERS = 50;
    private static final int EVENTS_PER_PHASE = 60;
    private static final long PACE_MS = 50;

    /** Publishes paced events and records, per event, when it was sent. */
    private Map<Long, Long> publishPaced(String job, long firstSeq) {
        Map<Long, Long> sentAt = new HashMap<>();
        for (long seq = firstSeq; seq < firstSeq + EVENTS_PER_PHASE; seq++) {
            long before = System.nanoTime();
            long stored = api.publish(job, "soak.tick", "{\"t\":" + before + "}").getJsonNumber("seq").longValue();
            sentAt.put(stored, before);
            sleep(PACE_MS);
        }
        return sentAt;
    }

    /** The 95th percentile of publish-to-receipt latency over every subscriber and event, in ms. */
    private static double p95Millis(List<WsClient> subscribers, String job, Map<Long, Long> sentAt) {
        List<Long> latencies = new ArrayList<>();
        for (WsClient subscriber : subscribers) {
            sentAt.forEach((seq, sent) -> latencies.add(subscriber.receivedAtNanos(job, seq) - sent));
        }
        long[] sorted = latencies.stream().mapToLong(Long::longValue).sorted().toArray();
        return sorted[(int) Math.ceil(0.95 * sorted.length) - 1] / 1_000_000.0;
    }

    @Test
    void aFlooderIsCutOffWhileFiftySubscribersKeepEveryEventAtCloseToQuietLatency() throws Exception {
        String job = newJob("soak");
        List<WsClient> subscribers = new ArrayList<>();
        for (int i = 0; i < SUBSCRIBERS; i++) {
            WsClient subscriber = connect(client());
            subscriber.subscribe(job, null, null);
            subscribers.add(subscriber);
        }
        for (WsClient subscriber : subscribers) {
            subscriber.await("caught-up", WAIT);
        }
        Map<Long, Long> quiet = publishPaced(job, 1);
        awaitAll(subscribers, job, EVENTS_PER_PHASE);
        double quietP95 = p95Millis(subscribers, job, quiet);

        WsClient flooder = connect(client().noAutoPing().notReading());
        AtomicBoolean flooding = new AtomicBoolean(true);
        ExecutorService abuse = Executors.newSingleThreadExecutor();
        Future<Integer> sent = abuse.submit(() -> {
            int frames = 0;
            while (flooding.get() && !flooder.isClosed()) {
                try {
                    String churn = newJob("churn");
                    flooder.send("{\"type\":\"subscribe\",\"jobId\":\"" + churn + "\"}");
                    flooder.send("{\"type\":\"unsubscribe\",\"jobId\":\"" + churn + "\"}");
                    flooder.send("{\"type\":\"ping\"}");
                    frames += 3;
                } catch (RuntimeException closed) {
                    break;
                }
            }
            return frames;
        });
        Map<Long, Long> abused = publishPaced(job, EVENTS_PER_PHASE + 1);
        int total = 2 * EVENTS_PER_PHASE;
        awaitAll(subscribers, job, total);
        flooding.set(false);
        int flooderFrames = sent.get(30, TimeUnit.SECONDS);
        abuse.shutdownNow();
        double abusedP95 = p95Millis(subscribers, job, abused);

        flooder.resumeReading();
        OptionalInt closeCode = flooder.awaitClose(WAIT);
        JsonObject metrics = api.metrics();
        System.out.printf("[soak] %d subscribers x %d events per phase: p95 quiet %.1f ms, under abuse %.1f ms; "
                        + "flooder sent %d frames, closed with %s; rejections %s%n", SUBSCRIBERS, EVENTS_PER_PHASE,
                quietP95, abusedP95, flooderFrames, closeCode, metrics.getJsonObject("rejections"));

        for (WsClient subscriber : subscribers) {
            assertThat(subscriber.eventSeqs(job)).containsExactlyElementsOf(LongStream.rangeClosed(1, total).boxed().toList());
            assertThat(subscriber.isClosed()).isFalse();
        }
        // cut off: a rate close (4429), or a slow-consumer one (4409) since it never reads; a client that
        // stopped reading may not get to read the close frame before the connection is cut (1006)
        assertThat(closeCode).as("the flooder is cut off").isPresent();
        assertThat(closeCode.getAsInt()).isIn(4429, 4409, 1006);
        assertThat(metrics.getInt("activeConnections")).isEqualTo(SUBSCRIBERS);
        assertThat(metrics.getJsonObject("rejections").getJsonNumber("RATE_LIMITED").longValue()).isPositive();
        // within 2x the quiet baseline; a floor keeps a sub-millisecond baseline from making noise a failure
        assertThat(abusedP95).isLessThanOrEqualTo(2 * Math.max(quietP95, 10.0));
    }

    private static void awaitAll(List<WsClient> subscribers, String job, long seq) {
        for (WsClient subscriber : subscribers) {
            subscriber.awaitSeq(job, seq, Duration.ofSeconds(30));
        }
    }

}
