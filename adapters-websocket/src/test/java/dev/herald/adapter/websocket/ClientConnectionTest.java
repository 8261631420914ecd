package dev.herald.adapter.websocket;

import dev.herald.application.port.out.Telemetry;
import dev.herald.application.testing.ManualClock;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.OutboundBacklogLimit;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

class ClientConnectionTest {

    /** Writes complete only when the test says so (or at once, when {@code inline}). */
    static final class FakeSink implements FrameSink {
        final List<String> written = new ArrayList<>();
        final List<Consumer<Throwable>> pending = new ArrayList<>();
        final List<Integer> closes = new ArrayList<>();
        boolean inline;
        int concurrentWrites;
        int maxConcurrentWrites;

        @Override
        public void sendText(String text, boolean more, Consumer<Throwable> done) {
            written.add(text);
            concurrentWrites++;
            maxConcurrentWrites = Math.max(maxConcurrentWrites, concurrentWrites);
            Consumer<Throwable> completion = failure -> {
                concurrentWrites--;
                done.accept(failure);
            };
            if (inline) {
                completion.accept(null);
            } else {
                pending.add(completion);
            }
        }

        void completeNext() {
            pending.remove(0).accept(null);
        }

        @Override
        public void close(int code, String reason) {
            closes.add(code);
        }

        @Override
        public boolean isOpen() {
            return closes.isEmpty();
        }
    }

    private final FakeSink sink = new FakeSink();
    private final List<ClientId> slowReports = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private final ManualClock clock = ManualClock.atEpochPlusOneDay();
    private final ClientConnection connection = new ClientConnection(ClientId.of("c"), sink,
            new OutboundBacklogLimit(4, 0), new Telemetry() {
                @Override
                public void eventSent(long publishToSendMillis) {
                    latencies.add(publishToSendMillis);
                }
            }, clock, slowReports::add);

    @Test
    void writesOneFrameAtATimeInOrder() {
        connection.send(OutboundFrame.of("a"));
        connection.send(OutboundFrame.of("b"));
        connection.send(OutboundFrame.of("c"));
        assertThat(sink.written).containsExactly("a");
        sink.completeNext();
        sink.completeNext();
        sink.completeNext();
        assertThat(sink.written).containsExactly("a", "b", "c");
        assertThat(sink.maxConcurrentWrites).isEqualTo(1);
        assertThat(connection.backlogMessages()).isZero();
    }

    @Test
    void writesThatCompleteInlineDoNotRecurse() {
        sink.inline = true;
        for (int i = 0; i < 100_000; i++) {
            connection.send(OutboundFrame.of("x"));
        }
        assertThat(sink.written).hasSize(100_000);
        assertThat(connection.backlogMessages()).isZero();
    }

    @Test
    void aBacklogOverTheLimitIsReportedOnceAsASlowConsumer() {
        for (int i = 0; i < 8; i++) {
            connection.send(OutboundFrame.of("e" + i));
        }
        assertThat(slowReports).containsExactly(ClientId.of("c"));
        assertThat(connection.hasRoom()).isFalse();
    }

    @Test
    void hasRoomWhileTheBacklogIsAtMostHalfTheLimit() {
        connection.send(OutboundFrame.of("a"));
        connection.send(OutboundFrame.of("b"));
        assertThat(connection.hasRoom()).isTrue();
        connection.send(OutboundFrame.of("c"));
        assertThat(connection.hasRoom()).isFalse();
    }

    @Test
    void closeDropsTheQueueWritesTheErrorThenTheCloseFrame() {
        connection.send(OutboundFrame.of("a"));
        connection.send(OutboundFrame.of("b"));
        connection.close(OutboundFrame.of("error"), 4409, "SLOW_CONSUMER");
        connection.send(OutboundFrame.of("after"));
        assertThat(sink.closes).isEmpty(); // "a" is still in flight
        sink.completeNext();
        assertThat(sink.written).containsExactly("a", "error");
        sink.completeNext();
        assertThat(sink.closes).containsExactly(4409);
    }

    @Test
    void forceCloseCutsAClientThatStoppedReading() {
        connection.send(OutboundFrame.of("a"));
        connection.close(OutboundFrame.of("error"), 4409, "SLOW_CONSUMER");
        connection.forceClose();
        assertThat(sink.closes).containsExactly(4409);
    }

    @Test
    void reportsPublishToSendLatencyOfLiveEvents() {
        sink.inline = true;
        long now = clock.millis();
        connection.send(OutboundFrame.liveEvent("e", now - 25));
        connection.send(OutboundFrame.of("replayed"));
        assertThat(latencies).containsExactly(25L);
    }
}
