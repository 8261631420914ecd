package dev.herald.adapter.rest.sse;

import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.OutboundBacklogLimit;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import jakarta.servlet.AsyncContext;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.lang.reflect.Proxy;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The stream channel against a recording response (servlet types as proxies): what a stream writes
 * and when, without a container. Writes run on the calling thread, the clock is manual.
 */
class SseClientChannelTest {

    private static final JobId JOB = JobId.of("book-42");
    private static final Executor INLINE = Runnable::run;

    private final MutableClock clock = new MutableClock();
    private final ScheduledExecutorService scheduler = Executors.newSingleThreadScheduledExecutor();
    private final List<ClientId> slow = new ArrayList<>();
    private final SseClientChannel channel = new SseClientChannel(new OutboundBacklogLimit(3, 1_000_000),
            Duration.ofMillis(1_000), Duration.ofMillis(5_000), clock, INLINE, scheduler);

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    /** A response that records status, headers and body, and whether the request was completed. */
    private static final class Recorded {
        final ByteArrayOutputStream body = new ByteArrayOutputStream();
        final Map<String, String> headers = new java.util.HashMap<>();
        final AtomicInteger status = new AtomicInteger(200);
        final AtomicBoolean completed = new AtomicBoolean();
        final AtomicInteger flushes = new AtomicInteger();

        String text() {
            return body.toString(StandardCharsets.UTF_8);
        }

        AsyncContext async() {
            ServletOutputStream out = new ServletOutputStream() {
                @Override
                public boolean isReady() {
                    return true;
                }

                @Override
                public void setWriteListener(WriteListener listener) {
                }

                @Override
                public void write(int b) {
                    body.write(b);
                }
            };
            HttpServletResponse response = (HttpServletResponse) Proxy.newProxyInstance(getClass().getClassLoader(),
                    new Class<?>[]{HttpServletResponse.class}, (proxy, method, args) -> switch (method.getName()) {
                        case "getOutputStream" -> out;
                        case "setStatus" -> {
                            status.set((Integer) args[0]);
                            yield null;
                        }
                        case "setHeader", "addHeader" -> {
                            headers.put((String) args[0], (String) args[1]);
                            yield null;
                        }
                        case "flushBuffer" -> {
                            flushes.incrementAndGet();
                            yield null;
                        }
                        default -> null;
                    });
            return (AsyncContext) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{AsyncContext.class},
                    (proxy, method, args) -> switch (method.getName()) {
                        case "getResponse" -> response;
                        case "complete" -> {
                            completed.set(true);
                            yield null;
                        }
                        default -> null;
                    });
        }
    }

    private final SseStream.Responses responses = new SseStream.Responses() {
        @Override
        public void open(HttpServletResponse response) {
            response.setStatus(200);
            response.setHeader("Content-Type", "text/event-stream");
        }

        @Override
        public void refuse(HttpServletResponse response, ServerMessage.Error error) throws java.io.IOException {
            response.setStatus(403);
            response.getOutputStream().write(SseFrames.errorJson(error).getBytes(StandardCharsets.UTF_8));
        }
    };

    private Recorded attach(ClientId client) {
        Recorded recorded = new Recorded();
        channel.open(client).attach(recorded.async(), responses);
        return recorded;
    }

    private static ServerMessage.Event event(long seq, boolean replay) {
        return new ServerMessage.Event(new JobEvent(JOB, seq, EventType.of("step"), Instant.parse("2026-01-02T03:04:05Z"), "{}"), replay);
    }

    @Test
    void nothingIsCommittedUntilSubscribedThenSubscribedComesFirstAndEachFrameIsFlushed() {
        ClientId client = ClientId.of("c1");
        Recorded r = attach(client);
        assertThat(channel.holds(client)).isTrue();
        channel.send(client, event(1, false)); // a live event that raced ahead of the subscription's answer
        assertThat(r.text()).isEmpty();

        channel.send(client, new ServerMessage.Subscribed(JOB, 0, 0, Optional.empty()));
        channel.send(client, new ServerMessage.CaughtUp(JOB, 0, 0, 1));

        assertThat(r.status.get()).isEqualTo(200);
        assertThat(r.text()).startsWith("event: subscribed\n").contains("id: 1\nevent: event\n")
                .endsWith("event: caught-up\ndata: {\"type\":\"caught-up\",\"jobId\":\"book-42\",\"seq\":0,\"replayed\":0,\"durationMs\":1}\n\n");
        assertThat(r.text().indexOf("subscribed")).isLessThan(r.text().indexOf("id: 1"));
        assertThat(r.flushes.get()).isGreaterThanOrEqualTo(2);
        assertThat(r.completed).isFalse();
    }

    @Test
    void anErrorBeforeSubscribedIsAnHttpRefusalNotAStream() {
        ClientId client = ClientId.of("c2");
        Recorded r = attach(client);
        channel.send(client, new ServerMessage.Error(ErrorCode.FORBIDDEN, "not yours", Optional.of(JOB), Optional.empty()));
        assertThat(r.status.get()).isEqualTo(403);
        assertThat(r.text()).isEqualTo("{\"code\":\"FORBIDDEN\",\"message\":\"not yours\"}");
        assertThat(r.completed).isTrue();
    }

    @Test
    void aCloseAfterTheStartDropsWhatIsQueuedWritesEventErrorAndEnds() {
        ClientId client = ClientId.of("c3");
        Recorded r = attach(client);
        channel.send(client, new ServerMessage.Subscribed(JOB, 0, 2, Optional.empty()));
        channel.close(client, ServerMessage.Error.of(ErrorCode.SHUTTING_DOWN, "bye"), 1001);
        assertThat(r.text()).endsWith("event: error\ndata: {\"code\":\"SHUTTING_DOWN\",\"message\":\"bye\"}\n\n");
        assertThat(r.completed).isTrue();
        channel.send(client, event(1, true));
        assertThat(r.text()).doesNotContain("id: 1");
    }

    @Test
    void socketOnlyMessagesAreNotWrittenAndAWithdrawnSubscriptionEndsTheStream() {
        ClientId client = ClientId.of("c4");
        Recorded r = attach(client);
        channel.send(client, new ServerMessage.Subscribed(JOB, 0, 0, Optional.empty()));
        int before = r.text().length();
        channel.send(client, new ServerMessage.Pong(Optional.empty()));
        assertThat(r.text()).hasSize(before);
        channel.send(client, new ServerMessage.Unsubscribed(JOB, Optional.empty()));
        assertThat(r.text()).contains("event: error\ndata: {\"code\":\"FORBIDDEN\"");
        assertThat(r.completed).isTrue();
    }

    @Test
    void anIdleStreamGetsACommentEveryHeartbeatAndABusyOneDoesNot() {
        ClientId client = ClientId.of("c5");
        Recorded r = attach(client);
        channel.send(client, new ServerMessage.Subscribed(JOB, 0, 0, Optional.empty()));
        clock.advance(999);
        channel.sweep();
        assertThat(r.text()).doesNotContain(":\n\n");
        clock.advance(1);
        channel.sweep();
        assertThat(r.text()).endsWith(":\n\n");
        clock.advance(600);
        channel.send(client, event(1, false));
        clock.advance(600);
        channel.sweep(); // 600 ms since the event: not idle long enough
        assertThat(r.text()).endsWith("\"replay\":false}\n\n");
        assertThat(channel.sweepPeriod()).isEqualTo(Duration.ofMillis(250));
    }

    @Test
    void aBacklogOverTheLimitIsReportedAsASlowConsumerOnce() {
        SseClientChannel stalled = new SseClientChannel(new OutboundBacklogLimit(3, 1_000_000), Duration.ofMillis(1_000),
                Duration.ofMillis(5_000), clock, task -> { }, scheduler); // writers that never run: nothing drains
        stalled.onSlowConsumer(slow::add);
        ClientId client = ClientId.of("c6");
        Recorded r = new Recorded();
        stalled.open(client).attach(r.async(), responses);
        stalled.send(client, new ServerMessage.Subscribed(JOB, 0, 9, Optional.empty()));
        for (long seq = 1; seq <= 5; seq++) {
            stalled.send(client, event(seq, true));
        }
        assertThat(slow).containsExactly(client);
        assertThat(stalled.hasRoom(client)).isFalse();
    }

    /** A clock the test moves. */
    private static final class MutableClock extends Clock {
        private long millis = 1_000_000;

        void advance(long ms) {
            millis += ms;
        }

        @Override
        public long millis() {
            return millis;
        }

        @Override
        public Instant instant() {
            return Instant.ofEpochMilli(millis);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }
    }
}
