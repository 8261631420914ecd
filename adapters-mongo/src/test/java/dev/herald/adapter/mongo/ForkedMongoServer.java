package dev.herald.adapter.mongo;

import de.bwaldvogel.mongo.MongoServer;
import de.bwaldvogel.mongo.backend.memory.MemoryBackend;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * mongo-java-server in a child JVM (its memory backend, or the embedded server on a data directory),
 * so that its heap does not count against the test's and it can be killed like a process. The child exits when its standard input closes, so it cannot outlive the test JVM.
 */
final class ForkedMongoServer implements AutoCloseable {

    private static final String READY = "LISTENING ";

    private final Process process;
    private final int port;

    private ForkedMongoServer(Process process, int port) {
        this.process = process;
        this.port = port;
    }

    /** The memory backend. */
    static ForkedMongoServer start(String maxHeap) throws IOException {
        return start(maxHeap, List.of());
    }

    /**
     * The embedded server ({@link EmbeddedMongoServer}, H2 file) on {@code dataDirectory}, committing
     * its data file only when it closes: whatever it acknowledged is in its journal alone until then.
     */
    static ForkedMongoServer startEmbeddedWithoutCheckpoints(Path dataDirectory) throws IOException {
        return start("256m", List.of(dataDirectory.toString()));
    }

    private static ForkedMongoServer start(String maxHeap, List<String> args) throws IOException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        // surefire runs tests from a manifest-only jar; this property holds the real class path
        String classPath = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> command = new java.util.ArrayList<>(List.of(java, "-Xmx" + maxHeap, "-cp", classPath,
                "-Djava.util.logging.config.file=" + System.getProperty("java.util.logging.config.file", ""),
                ForkedMongoServer.class.getName()));
        command.addAll(args);
        Process process = new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        String line = out.readLine();
        if (line == null || !line.startsWith(READY)) {
            process.destroyForcibly();
            throw new IOException("The forked MongoDB server did not start; it said: " + line);
        }
        return new ForkedMongoServer(process, Integer.parseInt(line.substring(READY.length()).strip()));
    }

    String connectionUri() {
        return "mongodb://127.0.0.1:" + port;
    }

    @Override
    public void close() throws IOException {
        process.getOutputStream().close();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    /** SIGKILL, as the OOM killer ends a process: no shutdown hook, nothing flushed. */
    void kill() throws InterruptedException {
        process.destroyForcibly();
        if (!process.waitFor(30, TimeUnit.SECONDS)) {
            throw new IllegalStateException("the forked MongoDB server survived SIGKILL");
        }
    }

    /**
     * The child: serve until standard input closes; with an argument, the embedded server on that
     * directory, without checkpoints.
     */
    public static void main(String[] args) throws IOException {
        AutoCloseable stop;
        int port;
        if (args.length > 0) {
            EmbeddedMongoServer embedded = EmbeddedMongoServer.start(Path.of(args[0]), 0, Duration.ofDays(1));
            port = embedded.port();
            stop = embedded;
        } else {
            MongoServer server = new MongoServer(new MemoryBackend());
            server.bind("127.0.0.1", 0);
            port = server.getLocalAddress().getPort();
            stop = server::shutdownNow;
        }
        System.out.println(READY + port);
        System.out.flush();
        while (System.in.read() != -1) {
            // the parent never writes; EOF means it closed us or died
        }
        try {
            stop.close();
        } catch (Exception e) {
            throw new IOException(e);
        }
    }
}
