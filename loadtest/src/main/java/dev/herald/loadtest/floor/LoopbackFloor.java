package dev.herald.loadtest.floor;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * What this machine's kernel can move over loopback TCP when every message is its own write, with
 * no gateway in between: the ceiling that any gateway's fan-out (one frame per subscriber per
 * event) meets on the same machine as its load generator.
 *
 * <p>It opens {@code connections} socket pairs in this process. {@code rate} times a second, the
 * writer threads write one message to every connection (what a gateway does for one event with
 * that many subscribers), and reader threads read them with selectors, as a lean client does.
 * Nothing is parsed, framed or queued, so the figure is the kernel's cost plus the least a JVM
 * adds.
 */
public final class LoopbackFloor {

    public record Settings(int connections, int rate, int seconds, int messageBytes, int writerThreads, int readerThreads) {
        public Settings {
            if (connections < 1 || rate < 1 || seconds < 1 || messageBytes < 1 || writerThreads < 1 || readerThreads < 1) {
                throw new IllegalArgumentException("every loopback-floor setting must be at least 1");
            }
        }
    }

    /**
     * @param messagesOffered   connections x rate x seconds
     * @param elapsedMillis     from the first round to the last write, at least rounds x period
     * @param bytesRead         what the readers got (all of it, unless the drain timed out)
     * @param lateRounds        rounds that began later than one round period behind schedule
     * @param cpuMillis         this process's CPU time over the run (writers, readers and kernel)
     */
    public record Result(Settings settings, long messagesOffered, long elapsedMillis, long bytesRead, long lateRounds,
                         long cpuMillis) {

        public double messagesPerSecond() {
            return elapsedMillis == 0 ? 0 : messagesOffered * 1000.0 / elapsedMillis;
        }

        /** CPU per message, writing and reading both, in microseconds. */
        public double cpuMicrosPerMessage() {
            return messagesOffered == 0 ? 0 : cpuMillis * 1000.0 / messagesOffered;
        }

        public boolean keptPace() {
            return lateRounds == 0;
        }

        public boolean allRead() {
            return bytesRead == messagesOffered * settings.messageBytes();
        }
    }

    private LoopbackFloor() {
    }

    public static Result run(Settings settings) throws IOException, InterruptedException {
        List<SocketChannel> writeEnds = new ArrayList<>(settings.connections());
        List<SocketChannel> readEnds = new ArrayList<>(settings.connections());
        List<Selector> selectors = new ArrayList<>();
        ExecutorService writers = Executors.newFixedThreadPool(settings.writerThreads(), daemon("floor-writer"));
        List<Thread> readers = new ArrayList<>();
        AtomicLong bytesRead = new AtomicLong();
        try (ServerSocketChannel server = ServerSocketChannel.open()) {
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
            for (int i = 0; i < settings.connections(); i++) {
                SocketChannel readEnd = SocketChannel.open(server.getLocalAddress());
                readEnds.add(readEnd);
                SocketChannel writeEnd = server.accept();
                writeEnd.setOption(StandardSocketOptions.TCP_NODELAY, true);
                writeEnds.add(writeEnd);
            }
            for (int r = 0; r < settings.readerThreads(); r++) {
                selectors.add(Selector.open());
            }
            for (int i = 0; i < readEnds.size(); i++) {
                readEnds.get(i).configureBlocking(false);
                readEnds.get(i).register(selectors.get(i % selectors.size()), SelectionKey.OP_READ);
            }
            for (Selector selector : selectors) {
                Thread reader = new Thread(() -> read(selector, bytesRead), "floor-reader");
                reader.setDaemon(true);
                reader.start();
                readers.add(reader);
            }
            return measure(settings, writeEnds, writers, bytesRead);
        } finally {
            writers.shutdownNow();
            readers.forEach(Thread::interrupt);
            for (Selector selector : selectors) {
                selector.close();
            }
            closeAll(writeEnds);
            closeAll(readEnds);
        }
    }

    private static Result measure(Settings settings, List<SocketChannel> writeEnds, ExecutorService writers,
                                  AtomicLong bytesRead) throws InterruptedException, IOException {
        byte[] message = new byte[settings.messageBytes()];
        Arrays.fill(message, (byte) 'x');
        long rounds = (long) settings.rate() * settings.seconds();
        long periodNanos = 1_000_000_000L / settings.rate();
        long cpuBefore = processCpuNanos();
        long start = System.nanoTime();
        long late = 0;
        for (long round = 0; round < rounds; round++) {
            long due = start + round * periodNanos;
            long now = System.nanoTime();
            if (now - due > periodNanos) {
                late++;
            }
            while ((now = System.nanoTime()) < due) {
                LockSupport.parkNanos(due - now);
            }
            writeRound(writeEnds, writers, settings.writerThreads(), message);
        }
        // the last round owns its period too: a run that kept pace took rounds x period
        long elapsedNanos = Math.max(System.nanoTime() - start, rounds * periodNanos);
        long expected = rounds * settings.connections() * settings.messageBytes();
        long drainUntil = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (bytesRead.get() < expected && System.nanoTime() < drainUntil) {
            Thread.sleep(5);
        }
        long cpuMillis = (processCpuNanos() - cpuBefore) / 1_000_000;
        return new Result(settings, rounds * settings.connections(), elapsedNanos / 1_000_000, bytesRead.get(), late, cpuMillis);
    }

    /** One message to every connection, the connections split among the writer threads. */
    private static void writeRound(List<SocketChannel> writeEnds, ExecutorService writers, int threads, byte[] message)
            throws InterruptedException, IOException {
        CountDownLatch done = new CountDownLatch(threads);
        AtomicReference<IOException> failure = new AtomicReference<>();
        for (int w = 0; w < threads; w++) {
            int first = w;
            writers.execute(() -> {
                try {
                    for (int i = first; i < writeEnds.size(); i += threads) {
                        ByteBuffer buffer = ByteBuffer.wrap(message);
                        while (buffer.hasRemaining()) {
                            writeEnds.get(i).write(buffer);
                        }
                    }
                } catch (IOException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    done.countDown();
                }
            });
        }
        done.await();
        if (failure.get() != null) {
            throw failure.get();
        }
    }

    private static void read(Selector selector, AtomicLong bytesRead) {
        ByteBuffer buffer = ByteBuffer.allocateDirect(64 * 1024);
        try {
            while (!Thread.currentThread().isInterrupted() && selector.isOpen()) {
                selector.select(100);
                for (SelectionKey key : selector.selectedKeys()) {
                    buffer.clear();
                    int n = ((SocketChannel) key.channel()).read(buffer);
                    if (n > 0) {
                        bytesRead.addAndGet(n);
                    } else if (n < 0) {
                        key.cancel();
                    }
                }
                selector.selectedKeys().clear();
            }
        } catch (IOException | ClosedSelectorException e) {
            // the run is over
        }
    }

    private static long processCpuNanos() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            return os.getProcessCpuTime();
        }
        return 0;
    }

    private static void closeAll(List<SocketChannel> channels) {
        for (SocketChannel channel : channels) {
            try {
                channel.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private static ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }
}
