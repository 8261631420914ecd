package dev.herald.loadtest.cli;

import dev.herald.loadtest.Main;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;

class CommandsTest {

    private record Run(int code, String out, String err) {
    }

    private static Run run(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int code = Main.run(new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8), args);
        return new Run(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void optionsBecomeCamelCaseSettings() {
        assertThat(CommandLineLayer.camel("--client-count")).isEqualTo("clientCount");
        assertThat(CommandLineLayer.camel("--p99-threshold-ms")).isEqualTo("p99ThresholdMs");
    }

    @Test
    void aTokenIsPrintedOnStdout() {
        Run r = run("token", "--secret", "0123456789abcdef0123456789abcdef", "--scope", "subscribe publish", "--job", "*", "--ttl", "5m");
        assertThat(r.code()).isZero();
        assertThat(r.out().strip().split("\\.")).hasSize(3);
    }

    @Test
    void usageProblemsExitWithTwoAndOneLine() {
        Run missingJob = run("token", "--secret", "0123456789abcdef0123456789abcdef");
        assertThat(missingJob.code()).isEqualTo(ExitCodes.USAGE);
        assertThat(missingJob.err()).contains("--job").doesNotContain("at dev.herald");
        assertThat(run("no-such-command").code()).isEqualTo(ExitCodes.USAGE);
        assertThat(run("broker-outage", "--redis-reset-mode", "nuke", "--redis-url", "redis://127.0.0.1:1").code()).isEqualTo(ExitCodes.USAGE);
    }

    @Test
    void anUnreachableGatewayIsARunErrorWithAReason() throws Exception {
        int port;
        try (ServerSocket s = new ServerSocket(0)) {
            port = s.getLocalPort(); // closed again: nothing listens there
        }
        Run r = run("subscription-cap", "--api-url", "http://127.0.0.1:" + port, "--json", "--quiet");
        assertThat(r.code()).isEqualTo(ExitCodes.RUN_ERROR);
        assertThat(r.out()).contains("\"status\": \"error\"");
    }
}
