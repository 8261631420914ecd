package dev.herald.adapter.websocket.rfc6455;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class ServerFramesTest {

    @Test
    void textFramesAreUnmaskedWithTheShortestLengthEncoding() {
        byte[] small = ServerFrames.text("hi");
        assertThat(small).containsExactly(0x81, 2, 'h', 'i');

        byte[] medium = ServerFrames.text("m".repeat(300));
        assertThat(Arrays.copyOf(medium, 4)).containsExactly(0x81, 126, 1, 44);
        assertThat(medium).hasSize(304);

        byte[] large = ServerFrames.text("l".repeat(70_000));
        assertThat(Arrays.copyOf(large, 10)).containsExactly(0x81, 127, 0, 0, 0, 0, 0, 1, 0x11, 0x70);
        assertThat(large).hasSize(70_010);
    }

    @Test
    void textIsUtf8() {
        assertThat(ServerFrames.text("é")).containsExactly(0x81, 2, 0xc3, 0xa9);
    }

    @Test
    void closeFramesCarryTheCodeAndAReasonCutToFit() {
        assertThat(ServerFrames.close(4409, "SLOW_CONSUMER"))
                .startsWith(0x88, 15, 0x11, 0x39).endsWith("SLOW_CONSUMER".getBytes(StandardCharsets.UTF_8));
        byte[] longReason = ServerFrames.close(1002, "x".repeat(500));
        assertThat(longReason[1]).isEqualTo((byte) 125);
        assertThat(longReason).hasSize(127);
    }

    @Test
    void pongEchoesThePayload() {
        assertThat(ServerFrames.pong(new byte[]{1, 2})).containsExactly(0x8a, 2, 1, 2);
    }
}
