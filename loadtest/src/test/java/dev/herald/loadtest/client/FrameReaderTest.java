package dev.herald.loadtest.client;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class FrameReaderTest {

    @Test
    void readsAnEventWithThePublishersSendTimeFromThePayload() {
        Frame f = FrameReader.read("{\"type\":\"event\",\"jobId\":\"job-1\",\"seq\":42,\"eventType\":\"loadtest.tick\","
                + "\"occurredAt\":\"2026-01-02T03:04:05.678Z\",\"payload\":{\"nested\":{\"sentNanos\":1},\"sentNanos\":123456789,"
                + "\"pad\":\"x}]\\\"\"},\"replay\":false}");
        assertThat(f.type()).isEqualTo("event");
        assertThat(f.jobId()).isEqualTo("job-1");
        assertThat(f.seq()).isEqualTo(42);
        assertThat(f.sentNanos()).as("only the payload's own field counts").isEqualTo(123456789L);
        assertThat(f.replay()).isFalse();
    }

    @Test
    void readsErrorsCaughtUpAndWhitespace() {
        Frame error = FrameReader.read(" { \"type\" : \"error\", \"code\":\"SUBSCRIPTION_LIMIT\", \"message\":\"Subscription \\\"limit\\\" reached\",\"id\":\"s6\" } ");
        assertThat(error.code()).isEqualTo("SUBSCRIPTION_LIMIT");
        assertThat(error.message()).isEqualTo("Subscription \"limit\" reached");
        assertThat(error.id()).isEqualTo("s6");
        Frame caughtUp = FrameReader.read("{\"type\":\"caught-up\",\"jobId\":\"j\",\"seq\":120,\"replayed\":120,\"durationMs\":12}");
        assertThat(caughtUp.replayed()).isEqualTo(120);
        assertThat(caughtUp.durationMs()).isEqualTo(12);
        assertThat(caughtUp.sentNanos()).isEqualTo(Frame.NONE);
    }

    @Test
    void anEventWithoutAnObjectPayloadHasNoSendTime() {
        Frame f = FrameReader.read("{\"type\":\"event\",\"seq\":1,\"payload\":[1,{\"sentNanos\":5}],\"replay\":true}");
        assertThat(f.sentNanos()).isEqualTo(Frame.NONE);
        assertThat(f.replay()).isTrue();
    }

    @Test
    void garbageIsInvalidNotAnException() {
        assertThat(FrameReader.read("not json").type()).isEqualTo("invalid");
        assertThat(FrameReader.read("{\"type\":").type()).isEqualTo("invalid");
    }
}
