package dev.herald.domain.operator;

import dev.herald.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class MaintenanceTest {

    private static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");

    @Test
    void switchingOnStartsNowAndCarriesTheMessage() {
        Maintenance on = Maintenance.off().switchTo(true, Optional.of(" Database upgrade "), T0);
        assertThat(on.enabled()).isTrue();
        assertThat(on.since()).hasValue(T0);
        assertThat(on.message()).hasValue("Database upgrade");
        assertThat(on.rejection().code()).isEqualTo(ErrorCode.MAINTENANCE);
        assertThat(on.rejection().message()).isEqualTo("Maintenance: Database upgrade");
    }

    @Test
    void switchingOnAgainKeepsWhenItBeganAndTakesTheNewMessage() {
        Maintenance on = Maintenance.off().switchTo(true, Optional.empty(), T0);
        Maintenance again = on.switchTo(true, Optional.of("Back at 04:00"), T0.plus(Duration.ofMinutes(5)));
        assertThat(again.since()).hasValue(T0);
        assertThat(again.message()).hasValue("Back at 04:00");
        assertThat(on.rejection().message()).isEqualTo("The gateway is in maintenance; try again later");
    }

    @Test
    void switchingOffStartsNowAndDropsTheMessageAndOffStaysAsItWas() {
        Maintenance on = Maintenance.off().switchTo(true, Optional.of("x"), T0);
        Maintenance off = on.switchTo(false, Optional.of("ignored"), T0.plusSeconds(60));
        assertThat(off.enabled()).isFalse();
        assertThat(off.since()).hasValue(T0.plusSeconds(60));
        assertThat(off.message()).isEmpty();
        assertThat(off.switchTo(false, Optional.empty(), T0.plusSeconds(120))).isEqualTo(off);
        assertThat(Maintenance.off().since()).isEmpty();
    }

    @Test
    void aBlankMessageIsNoneAndAnOverlongOneIsRefused() {
        assertThat(Maintenance.off().switchTo(true, Optional.of("  "), T0).message()).isEmpty();
        assertThatThrownBy(() -> Maintenance.off().switchTo(true, Optional.of("x".repeat(501)), T0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
