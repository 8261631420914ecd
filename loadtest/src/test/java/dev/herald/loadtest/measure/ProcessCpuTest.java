package dev.herald.loadtest.measure;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ProcessCpuTest {

    /** A real line's shape: utime 1234 and stime 567 are fields 14 and 15; the name holds spaces and parentheses. */
    private static final String STAT = "4711 (java (herald) x) S 1 4711 4711 0 -1 4194560 52631 0 12 0 1234 567 0 0 20 0 "
            + "85 0 123456 5393977344 98765 18446744073709551615 1 1 0 0 0 0 0 2 16800975 0 0 0 17 1 0 0 0 0 0";

    @TempDir
    Path dir;

    @Test
    void utimePlusStimeAreCountedFromTheLastParenthesis() {
        assertThat(ProcessCpu.ticks(STAT)).isEqualTo(1234 + 567);
    }

    @Test
    void ticksBecomeNanosecondsAtTheClockRate() throws IOException {
        Path stat = Files.writeString(dir.resolve("stat"), STAT + "\n");

        assertThat(new ProcessCpu(4711, stat, 100).cpuNanos()).isEqualTo(18_010_000_000L);
        assertThat(new ProcessCpu(4711, stat, 1000).cpuNanos()).isEqualTo(1_801_000_000L);
    }

    @Test
    void aLineThatIsNotAStatLineIsRefused() {
        assertThatThrownBy(() -> ProcessCpu.ticks("no parenthesis here")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ProcessCpu.ticks("1 (x) S 1 2 3")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("too few fields");
        assertThatThrownBy(() -> ProcessCpu.ticks(STAT.replace(" 1234 ", " abc "))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void getconfsAnswerIsTheClockRateAndNonsenseFallsBackTo100() {
        assertThat(ProcessCpu.parseTicks("250\n")).isEqualTo(250);
        assertThat(ProcessCpu.parseTicks("undefined")).isEqualTo(100);
        assertThat(ProcessCpu.parseTicks("0")).isEqualTo(100);
    }

    @Test
    void thisJvmHasUsedCpuAndAMissingProcessFailsAtOnce() {
        ProcessCpu self = ProcessCpu.of(ProcessHandle.current().pid());
        assertThat(self.cpuNanos()).isPositive();
        assertThat(self.ticksPerSecond()).isPositive();

        assertThatThrownBy(() -> ProcessCpu.of(Integer.MAX_VALUE)).isInstanceOf(UncheckedIOException.class);
    }
}
