package dev.herald.loadtest.scenario;

import com.sun.net.httpserver.HttpServer;
import dev.herald.loadtest.client.GatewayHttp;
import dev.herald.loadtest.client.HttpClientKind;
import dev.herald.loadtest.client.PublishRetry;
import dev.herald.loadtest.client.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** The publisher against a fake gateway whose replies give scripted seqs. */
class PublisherTest {

    private HttpServer server;
    private GatewayHttp http;
    private final AtomicInteger requests = new AtomicInteger();
    /** Seqs to answer with, one per request; null: the fake assigns seqs like a gateway, from {@link #head}. */
    private volatile long[] seqs;
    private final AtomicLong head = new AtomicLong();
    private final List<Seen> seen = new CopyOnWriteArrayList<>();
    private final Deque<Scripted> script = new ConcurrentLinkedDeque<>();

    /** A request as the fake gateway saw it. */
    private record Seen(String path, String key, String body) {
        int events() {
            return body.split("\"eventType\"", -1).length - 1;
        }
    }

    /** A reply to give instead of the gateway's: a status, maybe marked replayed, with this body (null: the usual). */
    private record Scripted(int status, boolean replayed, String body) {
    }

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/jobs/", exchange -> {
            String request = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Seen one = new Seen(exchange.getRequestURI().getPath(), exchange.getRequestHeaders().getFirst("Idempotency-Key"), request);
            seen.add(one);
            Scripted scripted = script.poll();
            int status = scripted == null ? 201 : scripted.status();
            String reply;
            if (scripted != null && scripted.body() != null) {
                reply = scripted.body();
            } else if (status >= 400) {
                reply = "{\"code\":\"X\",\"message\":\"scripted\"}";
            } else if (seqs != null) {
                reply = "{\"jobId\":\"job-1\",\"seq\":" + seqs[requests.getAndIncrement()] + "}";
            } else {
                int n = one.events();
                long last = head.addAndGet(n);
                reply = one.path().endsWith("/batch")
                        ? "{\"jobId\":\"job-1\",\"firstSeq\":" + (last - n + 1) + ",\"lastSeq\":" + last + ",\"count\":" + n + "}"
                        : "{\"jobId\":\"job-1\",\"seq\":" + last + "}";
            }
            if (scripted != null && scripted.replayed()) {
                exchange.getResponseHeaders().add("Idempotent-Replayed", "true");
            }
            byte[] body = reply.getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(status, body.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(body);
            }
        });
        server.start();
        int port = server.getAddress().getPort();
        http = new GatewayHttp(new Target(URI.create("http://127.0.0.1:" + port),
                URI.create("ws://127.0.0.1:" + port + "/realtime"), null, null), HttpClientKind.RAW);
    }

    @AfterEach
    void tearDown() throws IOException {
        http.close();
        server.stop(0);
    }

    @Test
    void aSeqAcknowledgedTwiceIsAConflictAndCountsOnceAmongTheExpectedSeqs() throws Exception {
        seqs = new long[]{1, 2, 2, 3};
        Publisher publisher = new Publisher(http, 1, 64);

        publisher.publish(List.of("job-1"), 4, 0, true, null);

        assertThat(publisher.published()).isEqualTo(4);
        assertThat(publisher.acknowledged("job-1")).isEqualTo(4);
        assertThat(publisher.seqConflicts()).isEqualTo(1);
        assertThat(publisher.seqsByJob().get("job-1")).isEqualTo(Set.of(1L, 2L, 3L));
        assertThat(publisher.highestSeq("job-1")).isEqualTo(3);
        assertThat(publisher.highestSeqs(List.of("job-1", "job-2"))).isEqualTo(Map.of("job-1", 3L, "job-2", 0L));
    }

    @Test
    void acknowledgementsOutliveTheWarmUpWindowThatSeqsAndRoundTripsAreForgottenWith() throws Exception {
        seqs = new long[]{1, 2, 3};
        Publisher publisher = new Publisher(http, 1, 64);

        publisher.publish(List.of("job-1"), 2, 0, true, null);
        publisher.forget();
        publisher.publish(List.of("job-1"), 1, 0, true, null);

        assertThat(publisher.acknowledged("job-1")).isEqualTo(3);
        assertThat(publisher.publishRtt().total().getTotalCount()).as("round trips of the measured window only").isEqualTo(1);
        assertThat(publisher.seqsByJob().get("job-1")).isEqualTo(Set.of(3L));
        assertThat(publisher.seqConflicts()).isZero();
    }

    /**
     * A caller reads the highest seq as soon as publish returns, to know what subscribers must get:
     * the last reply must be accounted for by then (it once was not: a race, so tried many times).
     */
    @Test
    void everyReplyIsAccountedForWhenPublishReturns() throws Exception {
        int rounds = 200;
        seqs = new long[rounds];
        for (int i = 0; i < rounds; i++) {
            seqs[i] = i + 1;
        }
        Publisher publisher = new Publisher(http, 1, 64);

        for (int i = 1; i <= rounds; i++) {
            publisher.publish(List.of("job-1"), 1, 0, true, null);
            assertThat(publisher.highestSeq("job-1")).as("after publish %d returned", i).isEqualTo(i);
        }
    }

    private static Publisher.Mode keyed(int batchSize) {
        return new Publisher.Mode(batchSize, true, new PublishRetry(3, 1));
    }

    private static Set<Long> range(long first, long last) {
        return LongStream.rangeClosed(first, last).boxed().collect(java.util.stream.Collectors.toSet());
    }

    @Test
    void aBatchReplyAcknowledgesItsWholeSeqRangeAndTheLastBatchIsShorter() throws Exception {
        Publisher publisher = new Publisher(http, 4, 64, keyed(100));

        Publisher.Run run = publisher.publish(List.of("job-1"), 250, 0, true, null);

        assertThat(seen).extracting(Seen::path).containsOnly("/api/jobs/job-1/events/batch");
        assertThat(seen).extracting(Seen::events).containsExactlyInAnyOrder(100, 100, 50);
        assertThat(run.requests()).isEqualTo(3);
        assertThat(run.acknowledged()).isEqualTo(250);
        assertThat(publisher.published()).isEqualTo(250);
        assertThat(publisher.acknowledged("job-1")).isEqualTo(250);
        assertThat(publisher.seqsByJob().get("job-1")).isEqualTo(range(1, 250));
        assertThat(publisher.highestSeq("job-1")).isEqualTo(250);
        assertThat(publisher.seqConflicts()).isZero();
        assertThat(publisher.failed()).isZero();
    }

    @Test
    void aBatchReplyThatAcknowledgesFewerEventsThanSentIsAFailure() throws Exception {
        script.add(new Scripted(201, false, "{\"jobId\":\"job-1\",\"firstSeq\":1,\"lastSeq\":2,\"count\":2}"));
        Publisher publisher = new Publisher(http, 1, 64, keyed(3));

        publisher.publish(List.of("job-1"), 3, 0, true, null);

        assertThat(publisher.failed()).isEqualTo(3);
        assertThat(publisher.published()).isZero();
        assertThat(publisher.firstError()).contains("acknowledged 2 events of a request of 3");
    }

    @Test
    void batchesOverlappingAnotherBatchsSeqsAreConflicts() throws Exception {
        script.add(new Scripted(201, false, "{\"jobId\":\"job-1\",\"firstSeq\":1,\"lastSeq\":3,\"count\":3}"));
        script.add(new Scripted(201, false, "{\"jobId\":\"job-1\",\"firstSeq\":3,\"lastSeq\":5,\"count\":3}"));
        Publisher publisher = new Publisher(http, 1, 64, keyed(3));

        publisher.publish(List.of("job-1"), 6, 0, true, null);

        assertThat(publisher.seqConflicts()).as("seq 3 acknowledged twice").isEqualTo(1);
        assertThat(publisher.seqsByJob().get("job-1")).isEqualTo(range(1, 5));
    }

    @Test
    void everyRequestCarriesAKeyOfItsOwnThatTheGatewayAccepts() throws Exception {
        Publisher publisher = new Publisher(http, 4, 64, keyed(0));
        publisher.publish(List.of("job-1"), 20, 0, true, null);
        publisher.publish(List.of("job-1"), 5, 0, true, null, null);

        assertThat(seen).hasSize(25);
        assertThat(seen).extracting(Seen::path).containsOnly("/api/jobs/job-1/events");
        assertThat(seen).extracting(Seen::key).allMatch(k -> k != null && k.matches("[A-Za-z0-9._:-]{1,128}"))
                .doesNotHaveDuplicates();
        assertThat(new Publisher(http, 1, 64, keyed(0)).key(1)).as("another publisher, another run id")
                .isNotEqualTo(publisher.key(1));
    }

    @Test
    void aRetriedPublishAnsweredWithItsReplayCountsOnceNotAsADuplicate() throws Exception {
        head.set(1); // the first attempt was stored as seq 1, but its reply was lost in a 502
        script.add(new Scripted(502, false, null));
        script.add(new Scripted(200, true, "{\"jobId\":\"job-1\",\"seq\":1,\"occurredAt\":\"x\"}"));
        Publisher publisher = new Publisher(http, 1, 64, keyed(0));

        publisher.publish(List.of("job-1"), 3, 0, true, null);

        assertThat(seen).hasSize(4);
        assertThat(seen.get(1).key()).as("the retry: the same key").isEqualTo(seen.get(0).key());
        assertThat(seen.get(1).body()).as("the retry: the same body").isEqualTo(seen.get(0).body());
        assertThat(List.of(seen.get(0).key(), seen.get(2).key(), seen.get(3).key())).doesNotHaveDuplicates();
        assertThat(publisher.retries()).isEqualTo(1);
        assertThat(publisher.replays()).isEqualTo(1);
        assertThat(publisher.published()).as("three events, the replayed one once").isEqualTo(3);
        assertThat(publisher.acknowledged("job-1")).isEqualTo(3);
        assertThat(publisher.seqsByJob().get("job-1")).isEqualTo(Set.of(1L, 2L, 3L));
        assertThat(publisher.seqConflicts()).isZero();
        assertThat(publisher.failed()).isZero();
    }

    @Test
    void a409IsAKeyConflictAndIsNotRetried() throws Exception {
        script.add(new Scripted(409, false, "{\"code\":\"IDEMPOTENCY_KEY_REUSED\",\"message\":\"m\"}"));
        Publisher publisher = new Publisher(http, 1, 64, keyed(0));

        publisher.publish(List.of("job-1"), 1, 0, true, null);

        assertThat(seen).hasSize(1);
        assertThat(publisher.keyConflicts()).isEqualTo(1);
        assertThat(publisher.failed()).isEqualTo(1);
        assertThat(publisher.firstError()).contains("409").contains("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void withKeysOffNothingIsKeyedNorRetried() throws Exception {
        script.add(new Scripted(503, false, null));
        Publisher publisher = new Publisher(http, 1, 64, new Publisher.Mode(0, false, new PublishRetry(3, 1)));

        publisher.publish(List.of("job-1"), 2, 0, true, null);

        assertThat(seen).hasSize(2);
        assertThat(seen).extracting(Seen::key).containsOnlyNulls();
        assertThat(publisher.retries()).isZero();
        assertThat(publisher.failed()).isEqualTo(1);
        assertThat(publisher.published()).isEqualTo(1);
    }

    @Test
    void aBurstsT0IsTakenOnceBeforeItsFirstRequestAndItsDurationRunsToTheLastAcknowledgement() throws Exception {
        Publisher publisher = new Publisher(http, 16, 64, keyed(0));
        List<Long> starts = new ArrayList<>();

        Publisher.Run run = publisher.publish(List.of("job-1"), 40, 0, true, null, starts::add);

        assertThat(starts).as("t0 given once").hasSize(1);
        long t0 = starts.get(0);
        Pattern sentNanos = Pattern.compile("\"sentNanos\":(-?\\d+)");
        List<Long> sent = new ArrayList<>();
        for (Seen one : seen) {
            Matcher m = sentNanos.matcher(one.body());
            assertThat(m.find()).isTrue();
            sent.add(Long.parseLong(m.group(1)));
        }
        assertThat(sent).hasSize(40).allMatch(at -> at >= t0, "sent at or after t0");
        assertThat(run.startNanos()).isEqualTo(t0);
        assertThat(run.lastAckNanos()).isGreaterThan(sent.stream().mapToLong(Long::longValue).max().orElseThrow());
        assertThat(run.lastAckNanos()).isLessThanOrEqualTo(run.endNanos());
        assertThat(run.acknowledgedPerSecond()).isEqualTo(40 * 1e9 / run.durationToLastAckNanos());
    }

    @Test
    void aRunsRatesComeFromItsTimes() {
        Publisher.Run run = new Publisher.Run(100, 80, 10, 1_000_000_000L, 1_400_000_000L, 1_500_000_000L);
        assertThat(run.durationToLastAckNanos()).isEqualTo(400_000_000L);
        assertThat(run.acknowledgedPerSecond()).isEqualTo(200.0);
        assertThat(run.ratePerSecond()).isEqualTo(200.0);
        assertThat(new Publisher.Run(5, 0, 5, 1, 0, 2).acknowledgedPerSecond()).isZero();
    }

    @Test
    void aBatchOutsideTheGatewaysLimitIsRefused() {
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> new Publisher.Mode(1001, true, PublishRetry.NONE))
                .isInstanceOf(dev.herald.loadtest.config.ConfigException.class);
    }
}
