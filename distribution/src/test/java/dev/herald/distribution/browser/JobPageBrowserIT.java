package dev.herald.distribution.browser;

import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The browser side of Herald, run from the build:
 * <ul>
 *   <li>the unit tests of {@code herald-client.js} ({@code node --test web/test/}, no npm packages);</li>
 *   <li>its types: {@code herald-client.d.ts} against a strict usage example, and the JSDoc of the
 *       module itself, with TypeScript's {@code tsc} (type check only);</li>
 *   <li>the live job page in a real headless Chromium, driven by playwright-core
 *       ({@code web/e2e/job-page.e2e.mjs}) against the packaged gateway started as a process: replay,
 *       live events, progress, the publish form, a cut connection and a gateway restart with events
 *       published meanwhile, each event shown exactly once and in order; the screenshot lands in
 *       {@code target/browser/job-page.png};</li>
 *   <li>the same page with {@code ?transport=auto} behind an HTTP proxy that refuses WebSocket upgrades
 *       ({@code web/e2e/job-page-sse.e2e.mjs}): it falls back to Server-Sent Events after two failed
 *       WebSocket attempts, says so, shows replay and live events, and resumes exactly after a gateway
 *       restart ({@code target/browser/job-page-sse.png});</li>
 *   <li>the same page against a gateway with auth on (a random shared secret; tokens minted by the
 *       script): UNAUTHORIZED without a token and no reconnect loop, then a subscribe token,
 *       FORBIDDEN for a token of another job ({@code target/browser/job-page-auth.png});</li>
 *   <li>the chat room page ({@code web/e2e/room-page.e2e.mjs}) with a gateway configured with an
 *       ephemeral {@code chat} namespace: two pages see each other in the members list, chat both
 *       ways, and one sees the other leave ({@code target/browser/room-page.png}).</li>
 *   <li>token renewal ({@code web/e2e/token-refresh.e2e.mjs}) against a gateway with auth on, no
 *       clock skew and a 2 s grace after expiry: a page with a tokenProvider and the client's manual
 *       clock renews its short-lived token on the same socket before it expires, outlives the first
 *       token's expiry and grace still following its job, and survives a token left to expire by
 *       renewing on TOKEN_EXPIRED ({@code target/browser/token-refresh.png}).</li>
 *   <li>compression ({@code web/e2e/compression.e2e.mjs}) against a gateway with
 *       {@code herald.socket.compression=true}: Chromium's offer is agreed without server context
 *       takeover, a large event arrives intact and is counted as sent compressed.</li>
 *   <li>retention ({@code web/e2e/truncated.e2e.mjs}): a page on the client's manual clock resumes
 *       a job whose events it missed were deleted by an operator meanwhile; the client reports
 *       {@code truncated} once through {@code onTruncated}, the page reloads its snapshot and shows
 *       the stored events from the first seq left, and the live job page logs the truncation
 *       ({@code target/browser/truncated.png}).</li>
 * </ul>
 * Node.js, Chromium ({@code /usr/bin/chromium}, or {@code CHROMIUM_PATH}) and the npm packages
 * ({@code npm ci --prefix web}) are installed by {@code .ci/run}; when one is missing, the tests
 * that need it are skipped with the reason, never passed.
 */
class JobPageBrowserIT {

    private static final Duration UNIT_TIMEOUT = Duration.ofMinutes(2);
    private static final Duration E2E_TIMEOUT = Duration.ofMinutes(8);

    private static Path repo;
    private static Path web;
    private static Path artifacts;
    private static String nodeMissing;

    @BeforeAll
    static void locate() throws IOException {
        // failsafe runs in the module directory (distribution/)
        Path module = Path.of("").toAbsolutePath();
        repo = module.getParent();
        web = repo.resolve("web");
        artifacts = module.resolve("target").resolve("browser");
        Files.createDirectories(artifacts);
        assertThat(web.resolve("package.json")).as("web/ beside distribution/").exists();
        nodeMissing = nodeProblem();
    }

    @Test
    void heraldClientUnitTestsPassUnderNode() throws Exception {
        skipUnless(nodeMissing == null, () -> "SKIPPED herald-client.js unit tests: " + nodeMissing);
        Path log = artifacts.resolve("unit-tests.log");
        Run run = run(List.of("node", "--test", "--test-reporter=spec", "test/"), Map.of(), UNIT_TIMEOUT, log, line -> { }, null);
        String summary = summary(run.output());
        System.out.println("[browser] herald-client.js unit tests (node --test): " + summary + "; log " + log);
        assertThat(run.exitCode()).as("node --test exit code; output:%n%s", run.output()).isZero();
        assertThat(summary).as("node --test ran tests").doesNotContain("tests 0");
    }

    @Test
    void heraldClientTypesCheckWithTypeScript() throws Exception {
        skipUnless(nodeMissing == null, () -> "SKIPPED type check of herald-client.js/.d.ts: " + nodeMissing);
        Path tsc = web.resolve("node_modules/typescript/bin/tsc");
        skipUnless(Files.exists(tsc), () -> "SKIPPED type check of herald-client.js/.d.ts: TypeScript is not installed in "
                + web.resolve("node_modules") + " (run: npm ci --prefix web; .ci/run does)");
        for (String project : List.of("types/tsconfig.json", "types/tsconfig.js.json")) {
            Run run = run(List.of("node", tsc.toString(), "-p", project), Map.of(), UNIT_TIMEOUT,
                    artifacts.resolve("typecheck.log"), line -> { }, null);
            assertThat(run.exitCode()).as("tsc -p %s; output:%n%s", project, run.output()).isZero();
        }
        System.out.println("[browser] herald-client.d.ts and the JSDoc of herald-client.js type-check (tsc, strict usage example)");
    }

    @Test
    void jobPageShowsEveryEventOnceInOrderAcrossACutAndARestart() throws Exception {
        Path chromium = assumeBrowser();
        Path screenshot = artifacts.resolve("job-page.png");
        Files.deleteIfExists(screenshot);
        Path log = artifacts.resolve("e2e.log");
        try (Gateway gateway = new Gateway("browser", Map.of()).start()) {
            Map<String, String> environment = Map.of(
                    "HERALD_URL", gateway.base().toString(),
                    "HERALD_ARTIFACTS", artifacts.toString(),
                    "HERALD_CONTROL", "stdio",
                    "CHROMIUM_PATH", chromium.toString());
            Run run = run(List.of("node", "e2e/job-page.e2e.mjs"), environment, E2E_TIMEOUT, log, System.out::println,
                    (line, stdin) -> {
                        if (line.equals("@@herald:restart")) {
                            System.out.println("[browser] restarting the gateway (SIGTERM, then start)");
                            gateway.stop();
                            gateway.start();
                            stdin.write("@@herald:restarted\n");
                            stdin.flush();
                        }
                    });
            assertThat(run.exitCode()).as("the browser test's exit code; output:%n%s", run.output()).isZero();
        }
        assertThat(screenshot).as("screenshot artifact").exists();
        assertThat(Files.size(screenshot)).isPositive();
        System.out.println("[browser] screenshot: " + screenshot);
    }

    @Test
    void jobPageFallsBackToServerSentEventsWhenTheWebSocketIsRefusedAndResumesAfterARestart() throws Exception {
        Path chromium = assumeBrowser();
        Path screenshot = artifacts.resolve("job-page-sse.png");
        Files.deleteIfExists(screenshot);
        Path log = artifacts.resolve("e2e-sse.log");
        try (Gateway gateway = new Gateway("browser-sse", Map.of()).start()) {
            Map<String, String> environment = Map.of(
                    "HERALD_URL", gateway.base().toString(),
                    "HERALD_ARTIFACTS", artifacts.toString(),
                    "HERALD_CONTROL", "stdio",
                    "CHROMIUM_PATH", chromium.toString());
            Run run = run(List.of("node", "e2e/job-page-sse.e2e.mjs"), environment, E2E_TIMEOUT, log, System.out::println,
                    (line, stdin) -> {
                        if (line.equals("@@herald:restart")) {
                            System.out.println("[browser] restarting the gateway (SIGTERM, then start)");
                            gateway.stop();
                            gateway.start();
                            stdin.write("@@herald:restarted\n");
                            stdin.flush();
                        }
                    });
            assertThat(run.exitCode()).as("the browser test's exit code; output:%n%s", run.output()).isZero();
        }
        assertThat(screenshot).as("screenshot artifact").exists();
        System.out.println("[browser] screenshot: " + screenshot);
    }

    @Test
    void jobPageWorksWithAuthOn() throws Exception {
        Path chromium = assumeBrowser();
        Path screenshot = artifacts.resolve("job-page-auth.png");
        Files.deleteIfExists(screenshot);
        String secret = randomSecret();
        try (Gateway gateway = new Gateway("browser-auth", Map.of("REALTIME_SHARED_SECRET", secret)).start()) {
            Run run = run(List.of("node", "e2e/job-page-auth.e2e.mjs"), Map.of(
                            "HERALD_URL", gateway.base().toString(),
                            "HERALD_SECRET", secret,
                            "HERALD_ARTIFACTS", artifacts.toString(),
                            "CHROMIUM_PATH", chromium.toString()),
                    E2E_TIMEOUT, artifacts.resolve("e2e-auth.log"), System.out::println, null);
            assertThat(run.exitCode()).as("the browser test's exit code; output:%n%s", run.output()).isZero();
        }
        assertThat(screenshot).as("screenshot artifact").exists();
    }

    @Test
    void twoPagesChatThroughTheRoomPageAndSeeEachOther() throws Exception {
        Path chromium = assumeBrowser();
        Path screenshot = artifacts.resolve("room-page.png");
        Files.deleteIfExists(screenshot);
        Map<String, String> chat = Map.of("HERALD_NAMESPACES", "chat", "HERALD_NAMESPACE_CHAT_HISTORY", "none",
                "HERALD_NAMESPACE_CHAT_CLIENT_PUBLISH", "true", "HERALD_NAMESPACE_CHAT_PRESENCE", "true",
                "HERALD_NAMESPACE_CHAT_JOIN_LEAVE", "true");
        try (Gateway gateway = new Gateway("browser-room", chat).start()) {
            Run run = run(List.of("node", "e2e/room-page.e2e.mjs"), Map.of(
                            "HERALD_URL", gateway.base().toString(),
                            "HERALD_ARTIFACTS", artifacts.toString(),
                            "CHROMIUM_PATH", chromium.toString()),
                    E2E_TIMEOUT, artifacts.resolve("e2e-room.log"), System.out::println, null);
            assertThat(run.exitCode()).as("the browser test's exit code; output:%n%s", run.output()).isZero();
        }
        assertThat(screenshot).as("screenshot artifact").exists();
    }

    @Test
    void aPageRenewsItsTokenBeforeExpiryAndKeepsFollowingItsJob() throws Exception {
        Path chromium = assumeBrowser();
        Path screenshot = artifacts.resolve("token-refresh.png");
        Files.deleteIfExists(screenshot);
        String secret = randomSecret();
        String graceMs = "2000";
        try (Gateway gateway = new Gateway("browser-refresh", Map.of("REALTIME_SHARED_SECRET", secret,
                "HERALD_AUTH_CLOCK_SKEW_SECONDS", "0", "HERALD_AUTH_EXPIRY_GRACE_MS", graceMs)).start()) {
            Run run = run(List.of("node", "e2e/token-refresh.e2e.mjs"), Map.of(
                            "HERALD_URL", gateway.base().toString(),
                            "HERALD_SECRET", secret,
                            "HERALD_GRACE_MS", graceMs,
                            "HERALD_ARTIFACTS", artifacts.toString(),
                            "CHROMIUM_PATH", chromium.toString()),
                    E2E_TIMEOUT, artifacts.resolve("e2e-token-refresh.log"), System.out::println, null);
            assertThat(run.exitCode()).as("the browser test's exit code; output:%n%s", run.output()).isZero();
        }
        assertThat(screenshot).as("screenshot artifact").exists();
    }

    /**
     * Chromium against a gateway with compression on: it negotiates permessage-deflate (the
     * handshake answer, read in the page's DevTools protocol), receives a large event intact, and the
     * gateway counts that event's frame as sent compressed ({@code herald_socket_compressed_frames_total}).
     */
    @Test
    void chromiumNegotiatesCompressionAndReceivesALargeEventIntact() throws Exception {
        Path chromium = assumeBrowser();
        try (Gateway gateway = new Gateway("browser-deflate", Map.of("HERALD_SOCKET_COMPRESSION", "true")).start()) {
            Run run = run(List.of("node", "e2e/compression.e2e.mjs"), Map.of(
                            "HERALD_URL", gateway.base().toString(),
                            "HERALD_ARTIFACTS", artifacts.toString(),
                            "CHROMIUM_PATH", chromium.toString()),
                    E2E_TIMEOUT, artifacts.resolve("e2e-compression.log"), System.out::println, null);
            assertThat(run.exitCode()).as("the browser test's exit code; output:%n%s", run.output()).isZero();
            assertThat(run.output()).contains("@@herald:large-event");
            String metrics = java.net.http.HttpClient.newHttpClient().send(
                    java.net.http.HttpRequest.newBuilder(gateway.base().resolve("metrics")).build(),
                    java.net.http.HttpResponse.BodyHandlers.ofString()).body();
            assertThat(counter(metrics, "herald_socket_compressed_frames_total")).as("frames sent compressed").isPositive();
            assertThat(counter(metrics, "herald_socket_compression_saved_bytes_total")).as("bytes saved").isGreaterThan(1000);
        }
    }

    /** A counter's value in Prometheus text, summed over its series; 0 when absent. */
    private static double counter(String prometheus, String name) {
        return prometheus.lines().filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1))).sum();
    }

    @Test
    void aPageWhoseMissedEventsWereDeletedIsToldTruncatedAndGoesOnFromTheFirstSeqLeft() throws Exception {
        Path chromium = assumeBrowser();
        Path screenshot = artifacts.resolve("truncated.png");
        Files.deleteIfExists(screenshot);
        // auth off: the admin delete is answered for loopback callers, and the script runs on this host
        try (Gateway gateway = new Gateway("browser-truncated", Map.of()).start()) {
            Run run = run(List.of("node", "e2e/truncated.e2e.mjs"), Map.of(
                            "HERALD_URL", gateway.base().toString(),
                            "HERALD_ARTIFACTS", artifacts.toString(),
                            "CHROMIUM_PATH", chromium.toString()),
                    E2E_TIMEOUT, artifacts.resolve("e2e-truncated.log"), System.out::println, null);
            assertThat(run.exitCode()).as("the browser test's exit code; output:%n%s", run.output()).isZero();
        }
        assertThat(screenshot).as("screenshot artifact").exists();
    }

    /** A random HS256 secret of 48 characters. */
    private static String randomSecret() {
        byte[] random = new byte[36];
        new SecureRandom().nextBytes(random);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(random);
    }

    /** Skips the test with the reason, in the test report and on the console, when {@code ok} is false. */
    private static void skipUnless(boolean ok, Supplier<String> reason) {
        if (!ok) {
            String message = reason.get();
            System.out.println("[browser] " + message);
            Assumptions.abort(message);
        }
    }

    /** Chromium and playwright-core are there, or the test is skipped with what is missing. */
    private static Path assumeBrowser() {
        skipUnless(nodeMissing == null, () -> "SKIPPED browser tests: " + nodeMissing);
        Path chromium = Path.of(System.getenv().getOrDefault("CHROMIUM_PATH", "/usr/bin/chromium"));
        skipUnless(Files.isExecutable(chromium), () -> "SKIPPED browser tests: no Chromium at " + chromium
                + " (apt-get install -y chromium, or set CHROMIUM_PATH; .ci/run installs it)");
        skipUnless(Files.exists(web.resolve("node_modules/playwright-core/package.json")),
                () -> "SKIPPED browser tests: playwright-core is not installed in " + web.resolve("node_modules")
                        + " (run: npm ci --prefix web; .ci/run does)");
        return chromium;
    }

    // --- processes ---

    @FunctionalInterface
    private interface Control {
        void onLine(String line, Writer stdin) throws IOException;
    }

    private record Run(int exitCode, String output) {
    }

    private static Run run(List<String> command, Map<String, String> environment, Duration timeout, Path log,
                           Consumer<String> echo, Control control) throws Exception {
        ProcessBuilder builder = new ProcessBuilder(command).directory(web.toFile()).redirectErrorStream(true);
        builder.environment().putAll(environment);
        builder.environment().remove("NODE_OPTIONS");
        Process process = builder.start();
        Thread watchdog = new Thread(() -> {
            try {
                if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                    System.out.println("[browser] " + command + " still running after " + timeout + ": killing it");
                    process.descendants().forEach(ProcessHandle::destroyForcibly);
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "browser-test-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        List<String> lines = new ArrayList<>();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
             Writer stdin = new OutputStreamWriter(process.getOutputStream(), StandardCharsets.UTF_8)) {
            for (String line; (line = out.readLine()) != null; ) {
                lines.add(line);
                echo.accept(line);
                if (control != null) {
                    control.onLine(line, stdin);
                }
            }
        } finally {
            if (!process.waitFor(30, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly();
            }
            watchdog.interrupt();
        }
        String output = String.join("\n", lines);
        Files.writeString(log, output + "\n");
        return new Run(process.exitValue(), output);
    }

    /** Why node cannot run the tests, or null when it can. */
    private static String nodeProblem() {
        try {
            Process process = new ProcessBuilder("node", "--version").redirectErrorStream(true).start();
            String version = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            if (!process.waitFor(20, TimeUnit.SECONDS) || process.exitValue() != 0) {
                return "`node --version` failed: " + version;
            }
            int major = Integer.parseInt(version.replaceFirst("^v(\\d+).*$", "$1"));
            return major >= 20 ? null : "Node.js " + version + " is too old (20 or later needed)";
        } catch (IOException e) {
            return "Node.js is not installed (no `node` on PATH: " + e.getMessage() + ")";
        } catch (NumberFormatException e) {
            return "cannot read the Node.js version";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UncheckedIOException(new IOException(e));
        }
    }

    /** The counts node's test runner prints at its end ("tests 51, pass 51, fail 0, ..."). */
    private static String summary(String output) {
        List<String> counts = new ArrayList<>();
        for (String line : output.split("\n")) {
            String text = line.replaceFirst("^[#ℹ]\\s*", "").trim();
            if (text.matches("(tests|pass|fail|cancelled|skipped|todo|duration_ms) [\\d.]+")) {
                counts.add(text);
            }
        }
        return counts.isEmpty() ? "no summary" : String.join(", ", counts);
    }
}
