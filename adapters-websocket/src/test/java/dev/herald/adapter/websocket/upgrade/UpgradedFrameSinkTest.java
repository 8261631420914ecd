package dev.herald.adapter.websocket.upgrade;

import dev.herald.adapter.websocket.connection.OutboundFrame;
import dev.herald.adapter.websocket.connection.WriteTimeoutException;
import dev.herald.adapter.websocket.rfc6455.CloseCodes;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class UpgradedFrameSinkTest {

    /** The container's buffered stream: counts writes and flushes, fails when told to. */
    static final class FakeOutput extends OutputStream {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        int flushes;
        IOException failure;

        @Override
        public void write(int b) {
            bytes.write(b);
        }

        @Override
        public void write(byte[] b) throws IOException {
            if (failure != null) {
                throw failure;
            }
            bytes.writeBytes(b);
        }

        @Override
        public void flush() {
            flushes++;
        }
    }

    private final FakeOutput out = new FakeOutput();
    private final List<Runnable> afterGrace = new ArrayList<>();
    private int connectionCloses;
    private int gone;
    private int closesSent;
    private final UpgradedFrameSink sink = new UpgradedFrameSink(out, () -> connectionCloses++, () -> gone++,
            afterGrace::add, () -> closesSent++);

    @Test
    void framesWithMoreQueuedAreBufferedAndTheLastOneFlushes() throws IOException {
        sink.send(OutboundFrame.of("a"), true);
        sink.send(OutboundFrame.of("b"), true);
        assertThat(out.flushes).isZero();
        sink.send(OutboundFrame.of("c"), false);
        assertThat(out.flushes).isEqualTo(1);
        assertThat(out.bytes.toByteArray()).containsExactly(0x81, 1, 'a', 0x81, 1, 'b', 0x81, 1, 'c');
    }

    @Test
    void closeWritesTheCloseFrameAndHangsUpAfterTheGrace() {
        sink.close(4409, "SLOW_CONSUMER");
        assertThat(out.bytes.toByteArray()).startsWith(0x88, 15, 0x11, 0x39);
        assertThat(out.flushes).isEqualTo(1);
        assertThat(sink.closedWith()).isEqualTo("4409 SLOW_CONSUMER");
        assertThat(connectionCloses).isZero();
        assertThat(sink.isOpen()).isTrue();
        assertThatThrownBy(() -> sink.send(OutboundFrame.of("late"), false)).isInstanceOf(IOException.class);

        afterGrace.forEach(Runnable::run);
        assertThat(connectionCloses).isEqualTo(1);
        assertThat(sink.isOpen()).isFalse();
    }

    @Test
    void onceTheCloseFrameIsOutTheReaderIsToldToLookForTheAnswerOnly() {
        sink.close(1002, "reserved bits set");
        assertThat(closesSent).isEqualTo(1);
        sink.close(1002, "again");
        assertThat(closesSent).as("a second close sends nothing").isEqualTo(1);
    }

    @Test
    void whenNoAnswerCanBeReadTheCloseFrameGoesAndTcpClosesAtOnce() {
        sink.closeAndHangUp(1002, "close code 999 is not allowed on the wire");
        assertThat(out.bytes.toByteArray()).startsWith(0x88);
        assertThat(connectionCloses).isEqualTo(1);
        assertThat(afterGrace).isEmpty();
        assertThat(sink.isOpen()).isFalse();
    }

    @Test
    void aServerPingIsAFlushedControlFrame() throws IOException {
        sink.ping(new byte[0]);
        assertThat(out.bytes.toByteArray()).containsExactly(0x89, 0);
        assertThat(out.flushes).isEqualTo(1);
        sink.close(1000, "");
        assertThatThrownBy(() -> sink.ping(new byte[0])).as("no ping after the close").isInstanceOf(IOException.class);
    }

    @Test
    void theClientsAnswerToOurCloseHangsUpAtOnce() {
        sink.close(1001, "SHUTTING_DOWN");
        sink.closeReceived(1001, "");
        assertThat(connectionCloses).isEqualTo(1);
        assertThat(sink.closedWith()).isEqualTo("1001 SHUTTING_DOWN");
        afterGrace.forEach(Runnable::run);
        assertThat(connectionCloses).isEqualTo(1);
    }

    @Test
    void aClientsCloseIsAnsweredWithItsCodeThenTheConnectionCloses() {
        sink.closeReceived(1000, "bye");
        assertThat(out.bytes.toByteArray()).containsExactly(0x88, 2, 0x03, (byte) 0xe8);
        assertThat(connectionCloses).isEqualTo(1);
        assertThat(sink.closedWith()).isEqualTo("1000 bye");
    }

    @Test
    void aCloseWithoutACodeIsAnsweredAsANormalClose() {
        sink.closeReceived(CloseCodes.NO_STATUS, "");
        assertThat(out.bytes.toByteArray()).containsExactly(0x88, 2, 0x03, (byte) 0xe8);
    }

    @Test
    void abortCutsTheConnectionWithoutWritingAndRemembersWhy() {
        sink.abort(4409, "SLOW_CONSUMER");
        assertThat(connectionCloses).isEqualTo(1);
        assertThat(out.bytes.size()).isZero();
        assertThat(sink.closedWith()).isEqualTo("4409 SLOW_CONSUMER");
        assertThat(sink.isOpen()).isFalse();
    }

    @Test
    void aForcedCloseDuringAWriteWaitingForTheClientLetsTheSocketDrainButTheGatewayLetsGo() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch clientReadsAgain = new CountDownLatch(1);
        OutputStream blocking = new OutputStream() {
            @Override
            public void write(int b) {
            }

            @Override
            public void write(byte[] b) {
                if (b[0] == (byte) 0x81 && writing.getCount() > 0) {
                    writing.countDown();
                    try {
                        clientReadsAgain.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }
            }
        };
        UpgradedFrameSink draining = new UpgradedFrameSink(blocking, () -> connectionCloses++, () -> gone++,
                afterGrace::add, () -> closesSent++);
        Thread writer = new Thread(() -> {
            try {
                draining.send(OutboundFrame.of("big"), false);
            } catch (IOException e) {
                throw new AssertionError(e);
            }
        });
        writer.start();
        assertThat(writing.await(10, TimeUnit.SECONDS)).isTrue();

        draining.abort(4409, "SLOW_CONSUMER");
        assertThat(gone).isEqualTo(1);
        assertThat(connectionCloses).isZero();

        clientReadsAgain.countDown();
        writer.join(10_000);
        draining.send(OutboundFrame.of("error"), true); // what was queued before the close still goes out
        draining.close(4409, "SLOW_CONSUMER");
        afterGrace.forEach(Runnable::run);
        assertThat(connectionCloses).isEqualTo(1);
        assertThat(draining.closedWith()).isEqualTo("4409 SLOW_CONSUMER");
    }

    @Test
    void aFailedWriteCutsTheConnection() {
        out.failure = new IOException("Broken pipe");
        assertThatThrownBy(() -> sink.send(OutboundFrame.of("a"), false)).isInstanceOf(IOException.class)
                .isNotInstanceOf(WriteTimeoutException.class);
        assertThat(connectionCloses).isEqualTo(1);
    }

    @Test
    void aWriteTheContainerTimedOutIsAWriteTimeout() {
        out.failure = new IOException("write failed", new SocketTimeoutException("timed out"));
        assertThatThrownBy(() -> sink.send(OutboundFrame.of("a"), false)).isInstanceOf(WriteTimeoutException.class);
        assertThat(connectionCloses).isEqualTo(1);
    }

    @Test
    void pingsAreAnsweredBetweenFrames() throws IOException {
        sink.send(OutboundFrame.of("a"), false);
        sink.pong(new byte[]{7});
        assertThat(out.bytes.toByteArray()).containsExactly(0x81, 1, 'a', 0x8a, 1, 7);
    }
}
