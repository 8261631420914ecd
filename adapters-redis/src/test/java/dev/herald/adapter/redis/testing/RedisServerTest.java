package dev.herald.adapter.redis.testing;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RedisServerTest {

    @Test
    void startsKillsAndStartsAgainOnTheSamePort() throws IOException {
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            int port = redis.port();
            assertThat(redis.url()).isEqualTo("redis://127.0.0.1:" + port);
            assertThat(ping(port)).isEqualTo("+PONG");

            redis.kill();
            assertThat(redis.isRunning()).isFalse();
            assertThatThrownBy(() -> ping(port)).isInstanceOf(IOException.class);

            redis.start();
            assertThat(redis.port()).isEqualTo(port);
            assertThat(ping(port)).isEqualTo("+PONG");

            redis.stop();
            assertThat(redis.isRunning()).isFalse();
        }
    }

    @Test
    void twoServersGetTwoPorts() {
        try (RedisServer one = RedisServer.startOnFreePort(); RedisServer two = RedisServer.startOnFreePort()) {
            assertThat(one.port()).isNotEqualTo(two.port());
        }
    }

    @Test
    void persistsNothing() throws IOException {
        try (RedisServer redis = RedisServer.startOnFreePort()) {
            assertThat(command(redis.port(), "CONFIG GET save")).contains("save").doesNotContain("3600");
            assertThat(command(redis.port(), "CONFIG GET appendonly")).contains("no");
        }
    }

    private static String ping(int port) throws IOException {
        return command(port, "PING").strip();
    }

    /** Inline command, raw reply: enough to check the server without the code under test. */
    private static String command(int port, String inline) throws IOException {
        try (Socket socket = new Socket(InetAddress.getLoopbackAddress(), port)) {
            socket.setSoTimeout(2_000);
            OutputStream out = socket.getOutputStream();
            out.write((inline + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = socket.getInputStream();
            byte[] buffer = new byte[512];
            int read = in.read(buffer);
            return new String(buffer, 0, Math.max(read, 0), StandardCharsets.US_ASCII);
        }
    }
}
