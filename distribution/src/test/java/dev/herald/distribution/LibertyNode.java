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
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * One gateway instance started the way an operator starts the package: the server zip this
 * module built, {@code wlp/bin/server run herald}, configured by environment variables only. Each
 * node has its own server directory (so its own data and logs) on a runtime unpacked once, and
 * keeps its ports and directory across restarts.
 */
public final class LibertyNode implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final String name;
    private final Path userDir;
    private final int httpPort;
    private final int httpsPort;
    private final Map<String, String> environment;
    private Process process;

    public LibertyNode(String name, Map<String, String> environment) {
        this.name = name;
        this.userDir = ServerRuntime.nodesDir().resolve(name).resolve("usr");
        this.httpPort = ServerRuntime.freePort();
        this.httpsPort = ServerRuntime.freePort();
        this.environment = new HashMap<>(environment);
        // the package's files over whatever an earlier run left (its data stays): never yesterday's app
        ServerRuntime.copyServerTo(userDir.resolve("servers").resolve("herald"));
    }

    /** Starts the server and waits until it reports ready. */
    public LibertyNode start() {
        ProcessBuilder builder = new ProcessBuilder(ServerRuntime.serverScript(), "run", "herald");
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
            ServerRuntime.sleep(200);
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
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        ServerRuntime.terminate(process);
    }

    /**
     * SIGKILL to the server's JVM and the script that started it, as the OOM killer or a lost
     * container ends them: no shutdown hook, nothing flushed.
     */
    public void kill() {
        if (process == null || !process.isAlive()) {
            return;
        }
        List<ProcessHandle> all = new ArrayList<>(process.descendants().toList());
        all.add(process.toHandle());
        all.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle handle : all) {
            handle.onExit().orTimeout(30, TimeUnit.SECONDS).join();
        }
    }

    public URI base() {
        return URI.create("http://127.0.0.1:" + httpPort + "/");
    }

    public GatewayApi api() {
        return new GatewayApi(base());
    }

    /** The server's messages.log, for assertions on what an operator would read. */
    public String messages() {
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
}
