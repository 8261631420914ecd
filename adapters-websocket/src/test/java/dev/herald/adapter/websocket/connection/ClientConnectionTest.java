package dev.herald.adapter.websocket.connection;

import dev.herald.application.port.out.Telemetry;
import dev.herald.application.testing.ManualClock;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.OutboundBacklogLimit;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.RejectedExecutionException;

import static org.assertj.core.api.Assertions.assertThat;

class ClientConnectionTest {

    /**
     * Records frames and whether more were queued behind each; fails the write of {@code failOn} as
     * a client gone mid-write would, or with {@code failure} when set.
     */
    static final class FakeSink implements FrameSink {
        final List<String> written = new ArrayList<>();
        final List<Boolean> more = new ArrayList<>();
        final List<Integer> closes = new ArrayList<>();
        final List<Integer> aborts = new ArrayList<>();
        String failOn;
        IOException failure = new IOException("Broken pipe");

        @Override
        public void send(OutboundFrame frame, boolean moreQueued) throws IOException {
            String text = frame.text();
            if (text.equals(failOn)) {
                throw failure;
            }
            written.add(text);
            more.add(moreQueued);
        }

        @Override
        public void ping(byte[] payload) throws IOException {
            if ("ping".equals(failOn)) {
                throw failure;
            }
            written.add("ping");
        }

        @Override
        public void close(int code, String reason) {
            closes.add(code);
        }

        @Override
        public void abort(int code, String reason) {
            aborts.add(code);
        }

        @Override
        public boolean isOpen() {
            return closes.isEmpty() && aborts.isEmpty();
        }
    }

    /** Writer threads the test turns by hand: drains wait in a queue until run. */
    static final class StepWriters implements FrameWriters {
        final Queue<Runnable> drains = new ArrayDeque<>();
        int writes;
        boolean shutDown;

        @Override
        public void execute(Runnable drain) {
            if (shutDown) {
                throw new RejectedExecutionException("shut down");
            }
            drains.add(drain);
        }

        @Override
        public void write(BlockingWrite write) throws IOException {
            writes++;
            write.run();
        }

        void runNext() {
            drains.remove().run();
        }

        void runAll() {
            while (!drains.isEmpty()) {
                runNext();
            }
        }
    }

    private final FakeSink sink = new FakeSink();
    private final StepWriters writers = new StepWriters();
    private final List<ClientId> slowReports = new ArrayList<>();
    private final List<Long> latencies = new ArrayList<>();
    private final ManualClock clock = ManualClock.atEpochPlusOneDay();
    private final ClientConnection connection = connection(new OutboundBacklogLimit(4, 0));

    private ClientConnection connection(OutboundBacklogLimit limit) {
        return new ClientConnection(ClientId.of("c"), sink, writers, limit, new Telemetry() {
            @Override
            public void eventSent(long publishToSendMillis) {
                latencies.add(publishToSendMillis);
            }
        }, clock, slowReports::add, new Heartbeat(Heartbeat.Settings.DEFAULTS, clock.millis()));
    }

    @Test
    void aServerPingGoesBeforeWhatIsQueuedAndOnlyOnce() {
        connection.send(OutboundFrame.of("a"));
        connection.ping();
        connection.ping();
        assertThat(writers.drains).as("one drain for both").hasSize(1);
        writers.runAll();
        assertThat(sink.written).containsExactly("ping", "a");
    }

    @Test
    void aPingAskedForWhileIdleGetsADrainOfItsOwn() {
        connection.ping();
        writers.runAll();
        assertThat(sink.written).containsExactly("ping");
        connection.ping();
        writers.runAll();
        assertThat(sink.written).containsExactly("ping", "ping");
    }

    @Test
    void aFailedPingStopsTheConnectionsWrites() {
        sink.failOn = "ping";
        connection.send(OutboundFrame.of("a"));
        connection.ping();
        writers.runAll();
        assertThat(sink.written).isEmpty();
        assertThat(connection.isClosing()).isTrue();
    }

    @Test
    void aClosingConnectionIsNotPinged() {
        connection.close(OutboundFrame.of("bye"), 4409, "SLOW_CONSUMER");
        connection.ping();
        writers.runAll();
        assertThat(sink.written).containsExactly("bye");
    }

    @Test
    void aDeadPeerIsClosedAtOnceWithTheCodeGiven() {
        connection.forceClose(1001, "no pong");
        assertThat(sink.aborts).containsExactly(1001);
        assertThat(connection.isClosing()).isTrue();
    }

    @Test
    void sendersOnlyQueueAndOneDrainWritesEverythingInOrder() {
        connection.send(OutboundFrame.of("a"));
        connection.send(OutboundFrame.of("b"));
        connection.send(OutboundFrame.of("c"));
        assertThat(sink.written).isEmpty();
        assertThat(writers.drains).hasSize(1);
        assertThat(connection.backlogMessages()).isEqualTo(3);
        writers.runAll();
        assertThat(sink.written).containsExactly("a", "b", "c");
        assertThat(connection.backlogMessages()).isZero();
        assertThat(connection.backlogBytes()).isZero();
    }

    @Test
    void aFrameQueuedAfterTheDrainEndedGetsADrainOfItsOwn() {
        connection.send(OutboundFrame.of("a"));
        writers.runAll();
        connection.send(OutboundFrame.of("b"));
        assertThat(writers.drains).hasSize(1);
        writers.runAll();
        assertThat(sink.written).containsExactly("a", "b");
    }

    @Test
    void aLongBacklogGivesUpItsWriterAfterOneTurnAndResumesInOrder() {
        ClientConnection roomy = connection(new OutboundBacklogLimit(10_000, 0));
        for (int i = 0; i < 150; i++) {
            roomy.send(OutboundFrame.of("e" + i));
        }
        writers.runNext();
        assertThat(sink.written).hasSize(ClientConnection.FRAMES_PER_TURN);
        assertThat(writers.drains).hasSize(1); // queued behind whoever else is waiting for a writer
        writers.runAll();
        assertThat(sink.written).hasSize(150).startsWith("e0", "e1").endsWith("e148", "e149");
        assertThat(writers.writes).isEqualTo(150);
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
    void aWriteThatTimesOutIsASlowConsumerAndEndsWriting() {
        sink.failOn = "b";
        sink.failure = new WriteTimeoutException("write not taken", null);
        connection.send(OutboundFrame.of("a"));
        connection.send(OutboundFrame.of("b"));
        writers.runAll();
        assertThat(slowReports).containsExactly(ClientId.of("c"));
        assertThat(connection.isClosing()).isTrue();
        assertThat(sink.written).containsExactly("a");
    }

    @Test
    void eachWriteSaysWhetherMoreFramesAreQueuedBehindIt() {
        connection.send(OutboundFrame.of("a"));
        connection.send(OutboundFrame.of("b"));
        connection.send(OutboundFrame.of("c"));
        writers.runAll();
        assertThat(sink.more).containsExactly(true, true, false);
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
        assertThat(sink.closes).isEmpty();
        writers.runAll();
        assertThat(sink.written).containsExactly("error");
        assertThat(sink.closes).containsExactly(4409);
        assertThat(connection.backlogMessages()).isZero();
    }

    @Test
    void forceCloseCutsAClientThatStoppedReading() {
        connection.send(OutboundFrame.of("a"));
        connection.close(OutboundFrame.of("error"), 4409, "SLOW_CONSUMER");
        connection.forceClose();
        assertThat(sink.aborts).containsExactly(4409);
        assertThat(sink.closes).isEmpty();
    }

    @Test
    void aFailedWriteEndsWritingForGood() {
        sink.failOn = "b";
        connection.send(OutboundFrame.of("a"));
        connection.send(OutboundFrame.of("b"));
        connection.send(OutboundFrame.of("c"));
        writers.runAll();
        connection.send(OutboundFrame.of("d"));
        writers.runAll();
        assertThat(sink.written).containsExactly("a");
        assertThat(connection.isClosing()).isTrue();
        assertThat(connection.hasRoom()).isFalse();
    }

    @Test
    void writersShutDownMeanNothingMoreIsWritten() {
        writers.shutDown = true;
        connection.send(OutboundFrame.of("a"));
        assertThat(connection.isClosing()).isTrue();
        assertThat(sink.written).isEmpty();
    }

    @Test
    void reportsPublishToSendLatencyOfLiveEvents() {
        long now = clock.millis();
        connection.send(OutboundFrame.liveEvent("e", now - 25));
        connection.send(OutboundFrame.of("replayed"));
        writers.runAll();
        assertThat(latencies).containsExactly(25L);
    }
}
