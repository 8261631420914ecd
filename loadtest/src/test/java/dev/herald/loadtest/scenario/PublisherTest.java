package dev.herald.loadtest.scenario;

import com.sun.net.httpserver.HttpServer;
import dev.herald.loadtest.client.GatewayHttp;
import dev.herald.loadtest.client.HttpClientKind;
import dev.herald.loadtest.client.Target;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The publisher against a fake gateway whose replies give scripted seqs. */
class PublisherTest {

    private HttpServer server;
    private GatewayHttp http;
    private final AtomicInteger requests = new AtomicInteger();
    private volatile long[] seqs;

    @BeforeEach
    void setUp() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/api/jobs/", exchange -> {
            exchange.getRequestBody().readAllBytes();
            long seq = seqs[requests.getAndIncrement()];
            byte[] body = ("{\"jobId\":\"job-1\",\"seq\":" + seq + "}").getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(201, body.length);
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
}
