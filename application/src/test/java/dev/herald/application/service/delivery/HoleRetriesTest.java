package dev.herald.application.service.delivery;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class HoleRetriesTest {

    @Test
    void theDelayDoublesFromFiftyMillisecondsAndStaysAtFiveSeconds() {
        HoleRetries retries = new HoleRetries();
        List<Long> delays = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            delays.add(retries.next().toMillis());
        }
        assertThat(delays.subList(0, 9)).containsExactly(50L, 100L, 200L, 400L, 800L, 1600L, 3200L, 5000L, 5000L);
        assertThat(delays.subList(9, 40)).allMatch(d -> d == 5000L);
    }

    @Test
    void retryingFromTheFirstHoleUntilReset() {
        HoleRetries retries = new HoleRetries();
        assertThat(retries.retrying()).isFalse();
        retries.next();
        retries.next();
        assertThat(retries.retrying()).isTrue();

        retries.reset();
        assertThat(retries.retrying()).isFalse();
        assertThat(retries.next()).as("a new hole starts over").isEqualTo(Duration.ofMillis(50));
    }
}
