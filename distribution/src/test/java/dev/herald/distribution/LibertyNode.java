package dev.herald.distribution;

import dev.herald.bootstrap.testing.GatewayApi;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One gateway instance started the way an operator starts the package: the server zip this
 * module built, {@code wlp/bin/server run herald}, configured by environment variables only. Each
 * node has its own server directory (so its own data and logs) on a runtime unpacked once, and
 * keeps its ports and directory across restarts.
 */
final class LibertyNode implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path userDir;
    private final int httpPort;
    private final int httpsPort;
    private final Map<String, String> environment;
    private Process process;

    LibertyNode(String name, Map<String, String> environment) {
        this.name = name;
        this.userDir = nodesDir().resolve(name).resolve("usr");
        this.httpPort = freePort();
        this.httpsPort = freePort();
        this.environment = new HashMap<>(environment);
        Path serverDir = userDir.resolve("servers").resolve("herald");
        if (!Files.exists(serverDir)) {
            copyTree(runtime().resolve("usr").resolve("servers").resolve("herald"), serverDir);
        }
    }

    /** Starts the server and waits until it reports ready. */
    LibertyNode start() {
        ProcessBuilder builder = new ProcessBuilder(runtime().resolve("bin").resolve("server").toString(), "run", "herald");
        builder.environment().putAll(environment);
        builder.environment().put("WLP_USER_DIR", userDir.toString());
        builder.environment().put("HTTP_PORT", String.valueOf(httpPort));
        builder.environment().put("HTTPS_PORT", String.valueOf(httpsPort));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(userDir.resolve(name + ".console.log").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!ready()) {
            if (!process.isAlive()) {
                throw new AssertionError("node " + name + " exited with " + process.exitValue() + "; see " + userDir);
            }
            if (System.nanoTime() > deadline) {
                process.destroyForcibly(); // never leave a server behind a failed test
                throw new AssertionError("node " + name + " not ready after " + START_TIMEOUT + "; see " + userDir);
            }
            sleep(200);
        }
        return this;
    }

    boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(base().resolve("/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /** SIGTERM, as a platform stops a container; waits for the process to end. */
    void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(60, TimeUnit.SECONDS)) {
                process.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    URI base() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    GatewayApi api() {
        return new GatewayApi(base());
    }

    /** The server's messages.log, for assertions on what an operator would read. */
    String messages() {
        try {
            return Files.readString(userDir.resolve("servers").resolve("herald").resolve("logs").resolve("messages.log"));
        } catch (IOException e) {
            return "";
        }
    }

    @Override
    public void close() {
        stop();
    }

    // --- the runtime, unpacked once per build from the server package ---

    private static Path nodesDir() {
        return Path.of(System.getProperty("herald.nodes.dir", "target/nodes")).toAbsolutePath();
    }

    private static synchronized Path runtime() {
        Path wlp = nodesDir().resolve("runtime").resolve("wlp");
        if (Files.exists(wlp.resolve("bin").resolve("server"))) {
            return wlp;
        }
        Path zip = Path.of(System.getProperty("herald.server.zip", "target/herald-server.zip"));
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(zip))) {
            Path root = nodesDir().resolve("runtime");
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = root.resolve(entry.getName()).normalize();
                if (!target.startsWith(root)) {
                    throw new IOException("zip entry outside the target: " + entry.getName());
                }
                if (entry.isDirectory()) {
                    Files.createDirectories(target);
                } else {
                    Files.createDirectories(target.getParent());
                    Files.copy(in, target, StandardCopyOption.REPLACE_EXISTING);
                }
            }
            for (Path script : new Path[]{wlp.resolve("bin/server"), wlp.resolve("bin/tools/ws-server.jar")}) {
                script.toFile().setExecutable(true);
            }
            try (var scripts = Files.list(wlp.resolve("bin"))) {
                scripts.forEach(p -> p.toFile().setExecutable(true));
            }
            return wlp;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot unpack " + zip, e);
        }
    }

    private static void copyTree(Path from, Path to) {
        try {
            Files.walkFileTree(from, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) throws IOException {
                    Files.createDirectories(to.resolve(from.relativize(dir).toString()));
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.copy(file, to.resolve(from.relativize(file).toString()), StandardCopyOption.REPLACE_EXISTING);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
