package dev.herald.adapter.file;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class FsyncPolicyTest {

    @Test
    void parsesTheThreeForms() {
        assertThat(FsyncPolicy.parse("never")).isEqualTo(FsyncPolicy.never());
        assertThat(FsyncPolicy.parse(" Always ")).isEqualTo(FsyncPolicy.always());
        assertThat(FsyncPolicy.parse("250")).isEqualTo(FsyncPolicy.every(Duration.ofMillis(250)));
        assertThat(FsyncPolicy.parse("1000ms").interval()).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void refusesAnythingElse() {
        assertThatThrownBy(() -> FsyncPolicy.parse("sometimes")).hasMessageContaining("never, always");
        assertThatThrownBy(() -> FsyncPolicy.parse("0")).hasMessageContaining("at least 1 ms");
    }
}
