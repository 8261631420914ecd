package dev.herald.adapter.redis.testing;

import redis.embedded.core.ExecutableProvider;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real {@code redis-server} for tests, on a free port of 127.0.0.1, without persistence: the one
 * on the PATH when there is one, else the binary bundled by embedded-redis. The process is ours:
 * tests never talk to a Redis someone else started (the port is only used once our process says it
 * is ready on it). It can be stopped, killed (SIGKILL, for outage drills) and started again on the
 * same port, so that clients reconnect to "the same" broker.
 *
 * <pre>
 * try (RedisServer redis = RedisServer.startOnFreePort()) {
 *     String url = redis.url();      // redis://127.0.0.1:PORT
 *     redis.kill();                  // outage
 *     redis.start();                 // back, same port, empty
 * }
 * </pre>
 *
 * Set {@code -Dherald.test.redis-server=/path/to/redis-server} to use a specific binary, or
 * {@code =embedded} to force the bundled one.
 */
public final class RedisServer implements AutoCloseable {

    private static final System.Logger LOG = System.getLogger(RedisServer.class.getName());
    private static final Duration START_TIMEOUT = Duration.ofSeconds(15);
    private static final String READY = "Ready to accept connections";
    private static final int PORT_TRIES = 5;

    private final Path binary;
    private final Path directory;
    private final List<String> extraArguments;
    private int port;
    private Process process;
    private int starts;

    private RedisServer(Path binary, Path directory, List<String> extraArguments) {
        this.binary = binary;
        this.directory = directory;
        this.extraArguments = extraArguments;
    }

    /**
     * Starts a server on a free port.
     *
     * @param extraArguments more redis-server options, e.g. {@code "--requirepass", "secret"}
     */
    public static RedisServer startOnFreePort(String... extraArguments) {
        RedisServer server;
        try {
            server = new RedisServer(findBinary(), Files.createTempDirectory("herald-redis-"), List.of(extraArguments));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot prepare a redis-server for tests", e);
        }
        Runtime.getRuntime().addShutdownHook(new Thread(server::kill, "redis-server-reaper"));
        IllegalStateException lastFailure = null;
        for (int i = 0; i < PORT_TRIES; i++) {
            server.port = freePort();
            try {
                server.start();
                return server;
            } catch (IllegalStateException e) {
                // most likely someone took the port between our probe and redis' bind: take another
                lastFailure = e;
            }
        }
        server.close();
        throw lastFailure;
    }

    public int port() {
        return port;
    }

    /** {@code redis://127.0.0.1:PORT} (without the password, if one was configured). */
    public String url() {
        return "redis://127.0.0.1:" + port;
    }

    /** The binary in use, for test logs. */
    public Path binary() {
        return binary;
    }

    public synchronized boolean isRunning() {
        return process != null && process.isAlive();
    }

    /** Starts the server again on the same port (no-op when it runs). Data does not survive. */
    public synchronized void start() {
        if (isRunning()) {
            return;
        }
        Path log = directory.resolve("redis-" + (++starts) + ".log");
        List<String> command = new ArrayList<>(List.of(binary.toString(),
                "--port", Integer.toString(port),
                "--bind", "127.0.0.1",
                "--save", "",
                "--appendonly", "no",
                "--dir", directory.toString(),
                "--daemonize", "no",
                "--logfile", ""));
        command.addAll(extraArguments);
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot start " + binary, e);
        }
        awaitReady(log);
    }

    private void awaitReady(Path log) {
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (System.nanoTime() < deadline) {
            String output = read(log);
            if (output.contains(READY)) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("redis-server exited on port " + port + ": " + lastLines(output));
            }
            sleep(10);
        }
        kill();
        throw new IllegalStateException("redis-server not ready on port " + port + " within " + START_TIMEOUT);
    }

    /** Graceful shutdown (SIGTERM); waits for the process to end. */
    public synchronized void stop() {
        end(false);
    }

    /** Abrupt death (SIGKILL), as in a crash; waits for the process to end. */
    public synchronized void kill() {
        end(true);
    }

    private void end(boolean forcibly) {
        if (process == null) {
            return;
        }
        if (forcibly) {
            process.destroyForcibly();
        } else {
            process.destroy();
        }
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process = null;
    }

    /** Kills the server and removes its directory. */
    @Override
    public synchronized void close() {
        kill();
        try (Stream<Path> files = Files.walk(directory)) {
            files.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
        } catch (IOException e) {
            LOG.log(System.Logger.Level.DEBUG, "Could not remove " + directory, e);
        }
    }

    private static Path findBinary() throws IOException {
        String chosen = System.getProperty("herald.test.redis-server", "");
        if (!chosen.isEmpty() && !chosen.equals("embedded")) {
            return Path.of(chosen);
        }
        if (chosen.isEmpty()) {
            String path = System.getenv("PATH");
            for (String dir : path == null ? new String[0] : path.split(File.pathSeparator)) {
                Path candidate = Path.of(dir, "redis-server");
                if (Files.isExecutable(candidate)) {
                    return candidate;
                }
            }
        }
        // embedded-redis extracts its bundled binary (redis 6.2) for this OS and architecture
        return EmbeddedBinary.PATH;
    }

    /** Extracted once per JVM. */
    private static final class EmbeddedBinary {
        static final Path PATH = extract();

        private static Path extract() {
            try {
                File file = ExecutableProvider.newJarResourceProvider().get();
                file.setExecutable(true);
                return file.toPath();
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot extract the redis-server bundled by embedded-redis", e);
            }
        }
    }

    private static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("No free port", e);
        }
    }

    private static String read(Path log) {
        try {
            return Files.exists(log) ? new String(Files.readAllBytes(log), StandardCharsets.ISO_8859_1) : "";
        } catch (IOException e) {
            return "";
        }
    }

    private static String lastLines(String output) {
        String[] lines = output.strip().split("\n");
        return String.join(" | ", List.of(lines).subList(Math.max(0, lines.length - 3), lines.length));
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while starting redis-server", e);
        }
    }
}
