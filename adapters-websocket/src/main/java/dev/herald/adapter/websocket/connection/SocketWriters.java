package dev.herald.adapter.websocket.connection;

import java.io.IOException;
import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.LongSupplier;

/**
 * The threads that write frames to sockets, with blocking writes.
 *
 * <p>Why blocking: a blocking write that finds room in the socket's send buffer is one system call
 * on the calling thread, and the frames a connection has queued meanwhile go out in that same
 * call; an asynchronous write costs thread hand-offs per write. The cost of blocking is a writer
 * held by a client whose buffer is full. Two rules bound it:
 * <ul>
 *   <li><b>Write timeout</b>: every write ends within the write timeout (the transports enforce it,
 *   see {@link FrameSink#send}); a client that stopped reading is then closed as a slow
 *   consumer.</li>
 *   <li><b>Compensation</b>: a write in progress for longer than {@link #BLOCKED_AFTER} counts as
 *   blocked, and the pool grows by one thread per blocked write (up to {@code maxThreads}), so a
 *   slow client holds its own writer, not everyone's. The extra threads go when the writes end.</li>
 * </ul>
 * {@link #inspect(long)} applies compensation; the owner calls it every few milliseconds.
 */
public final class SocketWriters implements FrameWriters, AutoCloseable {

    /** A write taking longer than this is waiting for the client, not for the CPU. */
    static final Duration BLOCKED_AFTER = Duration.ofMillis(10);

    private static final System.Logger LOG = System.getLogger(SocketWriters.class.getName());
    private static final AtomicInteger POOLS = new AtomicInteger();

    private final int baseThreads;
    private final int maxThreads;
    private final Duration writeTimeout;
    private final LongSupplier nanoTime;
    private final ThreadPoolExecutor pool;
    /**
     * One slot per live writer thread, registered for the thread's life, so a write only sets two
     * volatile fields of its own slot (no shared structure touched per frame).
     */
    private final Set<WriteInProgress> slots = ConcurrentHashMap.newKeySet();
    private final ThreadLocal<WriteInProgress> current = new ThreadLocal<>();
    private volatile int blocked;

    /**
     * @param threads      writers when no write is blocked
     * @param maxThreads   writers at most, blocked ones included
     * @param writeTimeout how long one write may wait for its client (the transports enforce it)
     */
    public SocketWriters(int threads, int maxThreads, Duration writeTimeout) {
        this(threads, maxThreads, writeTimeout, System::nanoTime);
    }

    SocketWriters(int threads, int maxThreads, Duration writeTimeout, LongSupplier nanoTime) {
        if (threads < 1 || maxThreads < threads) {
            throw new IllegalArgumentException("writer threads " + threads + ", max " + maxThreads);
        }
        this.baseThreads = threads;
        this.maxThreads = maxThreads;
        this.writeTimeout = writeTimeout;
        this.nanoTime = nanoTime;
        int poolNumber = POOLS.incrementAndGet();
        AtomicInteger threadNumber = new AtomicInteger();
        this.pool = new ThreadPoolExecutor(threads, maxThreads, 30, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(() -> runWithSlot(r), "herald-ws-writer-" + poolNumber + "-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public void execute(Runnable drain) {
        pool.execute(drain);
    }

    /** Writes on this writer thread, visible to {@link #inspect(long)} meanwhile. */
    @Override
    public void write(BlockingWrite write) throws IOException {
        WriteInProgress slot = current.get();
        if (slot == null) {
            throw new IllegalStateException("socket writes run on writer threads only");
        }
        slot.begin(nanoTime.getAsLong());
        try {
            write.run();
        } finally {
            slot.end();
        }
    }

    private void runWithSlot(Runnable worker) {
        WriteInProgress slot = new WriteInProgress();
        slots.add(slot);
        current.set(slot);
        try {
            worker.run();
        } finally {
            slots.remove(slot);
        }
    }

    /** Looks at the writes in progress at {@code nowNanos}: grows or shrinks the pool by the number of blocked ones. */
    void inspect(long nowNanos) {
        int blockedNow = 0;
        for (WriteInProgress write : slots) {
            if (write.elapsed(nowNanos) >= BLOCKED_AFTER.toNanos()) {
                blockedNow++;
            }
        }
        if (blockedNow != blocked) {
            blocked = blockedNow;
            // growing starts threads for queued drains at once; shrinking ends extra threads when idle
            pool.setCorePoolSize(Math.min(maxThreads, baseThreads + blockedNow));
        }
    }

    /** {@link #inspect(long)} now. */
    public void inspect() {
        inspect(nanoTime.getAsLong());
    }

    public Duration writeTimeout() {
        return writeTimeout;
    }

    /** Writes in progress longer than {@link #BLOCKED_AFTER}, at the last inspection. */
    public int blockedWrites() {
        return blocked;
    }

    /** Writer threads alive now. */
    public int threads() {
        return pool.getPoolSize();
    }

    @Override
    public void close() {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(2, TimeUnit.SECONDS)) {
                LOG.log(System.Logger.Level.WARNING, "Socket writers still busy after shutdown: " + pool.getActiveCount());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Since when one writer thread is in a write. Read by the inspecting thread. */
    private static final class WriteInProgress {
        private volatile boolean writing;
        private volatile long startedNanos;

        void begin(long nowNanos) {
            startedNanos = nowNanos;
            writing = true;
        }

        void end() {
            writing = false;
        }

        long elapsed(long nowNanos) {
            return writing ? nowNanos - startedNanos : 0;
        }
    }
}
