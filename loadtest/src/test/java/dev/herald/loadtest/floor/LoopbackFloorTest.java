package dev.herald.loadtest.floor;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LoopbackFloorTest {

    @Test
    void everyMessageOfEveryRoundIsWrittenAndRead() throws Exception {
        LoopbackFloor.Settings settings = new LoopbackFloor.Settings(40, 20, 1, 150, 2, 2);

        LoopbackFloor.Result result = LoopbackFloor.run(settings);

        assertThat(result.messagesOffered()).isEqualTo(40 * 20);
        assertThat(result.bytesRead()).isEqualTo(40L * 20 * 150);
        assertThat(result.allRead()).isTrue();
        assertThat(result.messagesPerSecond()).isPositive();
        assertThat(result.cpuMicrosPerMessage()).isPositive();
    }

    @Test
    void settingsBelowOneAreRefused() {
        assertThatThrownBy(() -> new LoopbackFloor.Settings(0, 10, 1, 200, 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LoopbackFloor.Settings(10, 10, 1, 200, 0, 1)).isInstanceOf(IllegalArgumentException.class);
    }
}
