package dev.herald.distribution.loadtest;

import dev.herald.distribution.ServerRuntime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

/**
 * A gateway from the server package this module built, started as an operator starts it
 * ({@code wlp/bin/server run herald}, environment variables only) on free ports, for the load-test
 * smoke run. Same layout as the distribution tests' nodes: one runtime unpacked per build, one server
 * directory per gateway.
 */
final class GatewayProcess implements AutoCloseable {

    private static final Duration START_TIMEOUT = Duration.ofSeconds(180);
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final Path userDir;
    private final int httpPort = ServerRuntime.freePort();
    private final Process process;

    private GatewayProcess(String name, Map<String, String> environment) {
        this.userDir = ServerRuntime.nodesDir().resolve(name).resolve("usr");
        Path serverDir = userDir.resolve("servers").resolve("herald");
        ServerRuntime.deleteTree(userDir); // a fresh store each run: the smoke figures must not depend on old data
        ServerRuntime.copyServerTo(serverDir);
        ProcessBuilder builder = new ProcessBuilder(ServerRuntime.serverScript(), "run", "herald");
        builder.environment().putAll(environment);
        builder.environment().put("WLP_USER_DIR", userDir.toString());
        builder.environment().put("HTTP_PORT", String.valueOf(httpPort));
        builder.environment().put("HTTPS_PORT", String.valueOf(ServerRuntime.freePort()));
        builder.environment().remove("JAVA_TOOL_OPTIONS");
        builder.redirectErrorStream(true);
        builder.redirectOutput(ProcessBuilder.Redirect.appendTo(userDir.resolve(name + ".console.log").toFile()));
        try {
            process = builder.start();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Starts a gateway and waits until it is ready. */
    static GatewayProcess start(String name, Map<String, String> environment) {
        GatewayProcess gateway = new GatewayProcess(name, environment);
        long deadline = System.nanoTime() + START_TIMEOUT.toNanos();
        while (!gateway.ready()) {
            if (!gateway.process.isAlive()) {
                throw new AssertionError("gateway " + name + " exited with " + gateway.process.exitValue() + "; see " + gateway.userDir);
            }
            if (System.nanoTime() > deadline) {
                gateway.close();
                throw new AssertionError("gateway " + name + " not ready after " + START_TIMEOUT + "; see " + gateway.userDir);
            }
            ServerRuntime.sleep(200);
        }
        return gateway;
    }

    String apiUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    private boolean ready() {
        try {
            HttpResponse<Void> response = HTTP.send(HttpRequest.newBuilder(URI.create(apiUrl() + "/health/ready"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    @Override
    public void close() {
        if (!process.isAlive()) {
            return;
        }
        ServerRuntime.terminate(process);
    }
}
