package dev.herald.adapter.redis;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ConnectException;

import static org.assertj.core.api.Assertions.assertThat;

class FailuresTest {

    @Test
    void joinsTheCauseChainOnOneLine() {
        Exception failure = new RuntimeException("Failed to connect", new IOException("Connection\nrefused"));
        assertThat(Failures.describe(failure)).isEqualTo("Failed to connect: Connection refused");
    }

    @Test
    void includesTheReasonJedisKeepsAsASuppressedException() {
        Exception failure = new RuntimeException("Failed to connect to 127.0.0.1:6379.");
        failure.addSuppressed(new ConnectException("Connection refused"));
        assertThat(Failures.describe(failure)).isEqualTo("Failed to connect to 127.0.0.1:6379.: Connection refused");
    }

    @Test
    void skipsRepeatedMessagesAndStaysShort() {
        IOException root = new IOException("x".repeat(1_000));
        assertThat(Failures.describe(new RuntimeException(root))).hasSize(303).endsWith("...");
        assertThat(Failures.describe(new RuntimeException(new IllegalStateException()))).contains("IllegalStateException");
    }
}
