package dev.herald.adapter.rest.sse;

import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class SseFramesTest {

    private static final JobId JOB = JobId.of("book-42");

    private static String text(ServerMessage message) {
        return new String(SseFrames.of(message).orElseThrow(), StandardCharsets.UTF_8);
    }

    @Test
    void anEventCarriesItsSeqAsIdAndTheWebSocketJsonAsData() {
        JobEvent event = new JobEvent(JOB, 7, EventType.of("chapter.done"), Instant.parse("2026-01-02T03:04:05Z"), "{\"n\":7}");
        assertThat(text(new ServerMessage.Event(event, true))).isEqualTo("id: 7\nevent: event\ndata: "
                + "{\"type\":\"event\",\"jobId\":\"book-42\",\"seq\":7,\"eventType\":\"chapter.done\","
                + "\"occurredAt\":\"2026-01-02T03:04:05.000Z\",\"payload\":{\"n\":7},\"replay\":true}\n\n");
    }

    @Test
    void aPayloadStoredWithLineBreaksIsSplitOverDataLinesThatJoinBackToTheSameJson() {
        JobEvent event = new JobEvent(JOB, 1, EventType.of("t"), Instant.parse("2026-01-02T03:04:05Z"), "{\r\n\"a\": 1\n}");
        assertThat(text(new ServerMessage.Event(event, false))).contains("data: {\"type\":\"event\"")
                .contains("\"payload\":{\ndata: \"a\": 1\ndata: },\"replay\":false}\n\n");
    }

    @Test
    void caughtUpHasNoIdSoItDoesNotMoveTheResumePoint() {
        assertThat(text(new ServerMessage.CaughtUp(JOB, 3, 2, 5))).isEqualTo("event: caught-up\ndata: "
                + "{\"type\":\"caught-up\",\"jobId\":\"book-42\",\"seq\":3,\"replayed\":2,\"durationMs\":5}\n\n");
    }

    @Test
    void anErrorIsCodeAndMessageOnly() {
        assertThat(text(new ServerMessage.Error(ErrorCode.SHUTTING_DOWN, "bye", Optional.of(JOB), Optional.empty())))
                .isEqualTo("event: error\ndata: {\"code\":\"SHUTTING_DOWN\",\"message\":\"bye\"}\n\n");
    }

    @Test
    void socketOnlyAnswersHaveNoStreamForm() {
        assertThat(SseFrames.of(new ServerMessage.Pong(Optional.empty()))).isEmpty();
    }
}
