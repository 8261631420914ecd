package dev.herald.adapter.websocket.connection;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The writers' compensation for blocked writes. Writes really block here (on latches the test
 * opens); time is a value the test sets, so nothing sleeps.
 */
class SocketWritersTest {

    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(5);
    private static final long WAIT_SECONDS = 10;

    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final SocketWriters writers = new SocketWriters(1, 3, WRITE_TIMEOUT, now::get);
    private final CountDownLatch release = new CountDownLatch(1);

    @AfterEach
    void stop() {
        release.countDown();
        writers.close();
    }

    @Test
    void aBlockedWriteGetsAThreadAddedSoOtherConnectionsAreWritten() throws Exception {
        CountDownLatch blockedWriteStarted = new CountDownLatch(1);
        writers.execute(() -> blockingWrite(blockedWriteStarted));
        assertThat(blockedWriteStarted.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        CountDownLatch otherWritten = new CountDownLatch(1);
        writers.execute(otherWritten::countDown); // waits: the only writer is blocked

        writers.inspect(now.get() + SocketWriters.BLOCKED_AFTER.toNanos() - 1);
        assertThat(writers.blockedWrites()).isZero();
        assertThat(otherWritten.getCount()).isEqualTo(1);

        writers.inspect(now.get() + SocketWriters.BLOCKED_AFTER.toNanos());
        assertThat(writers.blockedWrites()).isEqualTo(1);
        assertThat(otherWritten.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        assertThat(writers.threads()).isEqualTo(2);
    }

    @Test
    void compensationStopsAtTheMaximum() throws Exception {
        for (int i = 0; i < 3; i++) {
            CountDownLatch started = new CountDownLatch(1);
            writers.execute(() -> blockingWrite(started));
            assertThat(started.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
            writers.inspect(now.get() + SocketWriters.BLOCKED_AFTER.toNanos()); // one more thread for the next
        }
        CountDownLatch fourth = new CountDownLatch(1);
        writers.execute(fourth::countDown);
        writers.inspect(now.get() + SocketWriters.BLOCKED_AFTER.toNanos());
        assertThat(writers.blockedWrites()).isEqualTo(3);
        assertThat(writers.threads()).isEqualTo(3);
        assertThat(fourth.getCount()).isEqualTo(1); // waits for a write to end

        release.countDown();
        assertThat(fourth.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
    }

    @Test
    void writesThatEndedAreNoLongerWatched() throws Exception {
        CountDownLatch done = new CountDownLatch(1);
        writers.execute(() -> {
            try {
                writers.write(() -> {
                });
            } catch (IOException e) {
                throw new AssertionError(e);
            }
            done.countDown();
        });
        assertThat(done.await(WAIT_SECONDS, TimeUnit.SECONDS)).isTrue();
        writers.inspect(now.get() + WRITE_TIMEOUT.toNanos());
        assertThat(writers.blockedWrites()).isZero();
    }

    private void blockingWrite(CountDownLatch started) {
        try {
            writers.write(() -> {
                started.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            });
        } catch (IOException e) {
            throw new AssertionError(e);
        }
    }
}
