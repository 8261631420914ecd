package dev.herald.adapter.file;

import dev.herald.application.port.out.AppendResult;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM that appends to a {@link FileEventStore} from several threads as fast as it can and
 * says on its standard output which appends were acknowledged, until it is killed. It halts when
 * its standard input closes, so it cannot outlive the test.
 */
final class ForkedAppender implements AutoCloseable {

    static final String READY = "READY";
    static final String ACK = "ACK ";

    /** One acknowledged append: its job, seqs, and the writer and round its payloads name. */
    record Ack(String job, long firstSeq, long lastSeq, int writer, int round) {
        static Ack parse(String line) {
            String[] f = line.substring(ACK.length()).split(" ");
            return new Ack(f[0], Long.parseLong(f[1]), Long.parseLong(f[2]), Integer.parseInt(f[3]),
                    Integer.parseInt(f[4]));
        }
    }

    private final Process process;
    private final BufferedReader out;

    private ForkedAppender(Process process, BufferedReader out) {
        this.process = process;
        this.out = out;
    }

    static ForkedAppender start(Path directory, int writers) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // surefire runs tests from a manifest-only jar; this property holds the real class path
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        Process process = new ProcessBuilder(java, "-Xmx128m", "-cp", classPath, ForkedAppender.class.getName(),
                directory.toString(), String.valueOf(writers))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (!READY.equals(line)) {
            process.destroyForcibly();
            throw new IOException("The forked appender did not start; it said: " + line);
        }
        return new ForkedAppender(process, out);
    }

    /** The next acknowledgement the child printed. */
    Ack nextAck() throws IOException {
        String line = out.readLine();
        if (line == null || !line.startsWith(ACK)) {
            throw new IOException("The forked appender stopped; it said: " + line);
        }
        return Ack.parse(line);
    }

    /** SIGKILL: no shutdown hook runs, nothing is flushed or closed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the forked appender survived SIGKILL");
        }
    }

    @Override
    public void close() throws InterruptedException {
        if (process.isAlive()) {
            kill();
        }
    }

    static String payload(int writer, int round, int item) {
        return "{\"w\":" + writer + ",\"r\":" + round + ",\"i\":" + item + "}";
    }

    static JobId job(int writer) {
        return JobId.of("kill-" + writer % 2);
    }

    /** Writer w appends to job w % 2: singles, and every third round a batch of 5. */
    public static void main(String[] args) throws Exception {
        FileEventStore store = FileEventStore.open(Path.of(args[0]));
        int writers = Integer.parseInt(args[1]);
        PrintStream out = new PrintStream(System.out, false, StandardCharsets.UTF_8);
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent never writes; EOF means it is gone
                }
            } catch (IOException e) {
                // the same: the parent is gone
            }
            Runtime.getRuntime().halt(0);
        });
        watcher.setDaemon(true);
        watcher.start();
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < writers; w++) {
            int writer = w;
            threads.add(new Thread(() -> {
                for (int round = 0; ; round++) {
                    int size = round % 3 == 0 ? 5 : 1;
                    List<NewEvent> events = new ArrayList<>();
                    for (int i = 0; i < size; i++) {
                        events.add(new NewEvent(EventType.of("step"), payload(writer, round, i)));
                    }
                    AppendResult result = store.appendAll(job(writer), events, Instant.now(), Optional.empty(), e -> { });
                    synchronized (out) {
                        out.println(ACK + job(writer) + " " + result.firstSeq() + " " + result.lastSeq() + " " + writer
                                + " " + round);
                        out.flush();
                    }
                }
            }));
        }
        synchronized (out) {
            out.println(READY);
            out.flush();
        }
        threads.forEach(Thread::start);
        for (Thread thread : threads) {
            thread.join();
        }
    }
}
