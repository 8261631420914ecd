package dev.herald.domain.job;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobEventTest {

    private static final JobId JOB = JobId.of("job-1");
    private static final EventType TYPE = EventType.of("generation.chapter.started");
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    @Test
    void holdsItsFieldsVerbatim() {
        JobEvent event = new JobEvent(JOB, 1, TYPE, AT, "{\"chapter\":1}");
        assertThat(event.jobId()).isEqualTo(JOB);
        assertThat(event.seq()).isEqualTo(1);
        assertThat(event.eventType()).isEqualTo(TYPE);
        assertThat(event.occurredAt()).isEqualTo(AT);
        assertThat(event.payload()).isEqualTo("{\"chapter\":1}");
    }

    @ParameterizedTest
    @ValueSource(longs = {1, 2, 1_000_000, Long.MAX_VALUE})
    void seqFromOneUpIsAccepted(long seq) {
        assertThat(new JobEvent(JOB, seq, TYPE, AT, "null").seq()).isEqualTo(seq);
    }

    @ParameterizedTest
    @ValueSource(longs = {0, -1, Long.MIN_VALUE})
    void seqBelowOneIsRejected(long seq) {
        assertThatThrownBy(() -> new JobEvent(JOB, seq, TYPE, AT, "{}"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining(String.valueOf(seq));
    }

    @Test
    void everyReferenceFieldIsRequired() {
        assertThatThrownBy(() -> new JobEvent(null, 1, TYPE, AT, "{}"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("jobId");
        assertThatThrownBy(() -> new JobEvent(JOB, 1, null, AT, "{}"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("eventType");
        assertThatThrownBy(() -> new JobEvent(JOB, 1, TYPE, null, "{}"))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("occurredAt");
        assertThatThrownBy(() -> new JobEvent(JOB, 1, TYPE, AT, null))
                .isInstanceOf(NullPointerException.class).hasMessageContaining("payload");
    }

    @Test
    void payloadIsOpaqueText() {
        String weird = "  [1, \"\u00e9\", {\"a\": null}]  ";
        assertThat(new JobEvent(JOB, 1, TYPE, AT, weird).payload()).isSameAs(weird);
    }
}
