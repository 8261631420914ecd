package dev.herald.loadtest.client;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.SelectableChannel;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One thread with one {@link Selector}: it owns its channels, does all their I/O and runs the tasks
 * other threads hand it ({@link #execute}), in the order they were handed. Reads go through one
 * buffer per loop, not one per connection: thousands of connections share it.
 */
final class NioEventLoop implements AutoCloseable {

    /** What a registered channel's attachment does when the channel is ready. */
    interface Handler {

        void onReady(SelectionKey key);

        /** The loop stops: drop the channel without telling anyone. */
        void onLoopClosed();
    }

    private static final int READ_BUFFER_BYTES = 64 << 10;

    private final Selector selector;
    private final Thread thread;
    private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
    /** Set by the thread that woke the selector, so a burst of tasks costs one wakeup. */
    private final AtomicBoolean wakeupPending = new AtomicBoolean();
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER_BYTES); // heap: frames decode from its array
    private volatile boolean running = true;

    NioEventLoop(String name) {
        try {
            this.selector = Selector.open();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot open a selector", e);
        }
        this.thread = new Thread(this::run, name);
        thread.setDaemon(true);
        thread.start();
    }

    /** Runs the task on the loop thread, after the tasks handed before it. */
    void execute(Runnable task) {
        tasks.add(task);
        if (Thread.currentThread() != thread && wakeupPending.compareAndSet(false, true)) {
            selector.wakeup();
        }
    }

    /** Runs the task on the loop thread once {@code delayMillis} have passed. */
    void schedule(long delayMillis, Runnable task) {
        CompletableFuture.delayedExecutor(delayMillis, TimeUnit.MILLISECONDS, this::execute).execute(task);
    }

    /** Loop thread only. */
    SelectionKey register(SelectableChannel channel, int ops, Handler handler) throws IOException {
        return channel.register(selector, ops, handler);
    }

    /** Loop thread only: the buffer a read goes into; its content is gone after the next read. */
    ByteBuffer readBuffer() {
        return readBuffer;
    }

    private void run() {
        while (running) {
            try {
                // a task handed by the loop itself (no wakeup) must not wait for the next I/O
                if (tasks.isEmpty()) {
                    selector.select(this::dispatch);
                } else {
                    selector.selectNow(this::dispatch);
                }
                wakeupPending.set(false); // before draining: a task added from here on wakes the next select
                runTasks();
            } catch (IOException e) {
                running = false; // a broken selector: nothing more can be served
            }
        }
        for (SelectionKey key : selector.keys()) {
            ((Handler) key.attachment()).onLoopClosed();
        }
        try {
            selector.close();
        } catch (IOException e) {
            // closing anyway
        }
    }

    private void dispatch(SelectionKey key) {
        if (!key.isValid()) {
            return;
        }
        try {
            ((Handler) key.attachment()).onReady(key);
        } catch (RuntimeException e) {
            e.printStackTrace(); // a harness bug (a listener that throws from onClose): the loop serves the other connections on
        }
    }

    private void runTasks() {
        Runnable task;
        while ((task = tasks.poll()) != null) {
            try {
                task.run();
            } catch (RuntimeException e) {
                e.printStackTrace(); // a harness bug: the loop serves the other connections on
            }
        }
    }

    @Override
    public void close() {
        running = false;
        selector.wakeup();
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
