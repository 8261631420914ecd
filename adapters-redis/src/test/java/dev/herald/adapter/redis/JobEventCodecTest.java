package dev.herald.adapter.redis;

import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.Sender;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class JobEventCodecTest {

    private static final JobId JOB = JobId.of("job-42");
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    private static JobEvent event(String payload) {
        return new JobEvent(JOB, 7, EventType.of("generation.chapter.started"), AT, payload);
    }

    private static JobEvent roundTrip(JobEvent event) throws MalformedMessageException {
        return JobEventCodec.decode(event.jobId(), JobEventCodec.encode(event));
    }

    @Test
    void theWireFormIsAHeaderLineThenThePayloadBytes() {
        byte[] encoded = JobEventCodec.encode(event("{\"a\":1}"));
        assertThat(new String(encoded, StandardCharsets.UTF_8))
                .isEqualTo("H1 job-42 7 generation.chapter.started 2026-01-02T03:04:05.678Z\n{\"a\":1}");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "{}",
            "",
            "null",
            "  {\"spaced\" :  [1, 2.50, 1e3] }  ",
            "{\"text\":\"line1\\nline2\"}",
            "{\"raw\":\"real\nline\r\nbreaks\"}\n\n",
            "{\"title\":\"Chapitre — l'été \uD83D\uDCDA\",\"cjk\":\"漢字\",\"nul\":\"\u0000\"}",
            "\"H1 job-42 1 a.b 2026-01-01T00:00:00Z\\n\"",
    })
    void payloadsRoundTripExactly(String payload) throws MalformedMessageException {
        JobEvent event = event(payload);
        JobEvent decoded = roundTrip(event);
        assertThat(decoded).isEqualTo(event);
        assertThat(decoded.payload().getBytes(StandardCharsets.UTF_8))
                .isEqualTo(payload.getBytes(StandardCharsets.UTF_8));
    }

    @Test
    void randomPayloadsRoundTrip() throws MalformedMessageException {
        Random random = new Random(42);
        for (int i = 0; i < 500; i++) {
            StringBuilder payload = new StringBuilder();
            int length = random.nextInt(300);
            while (payload.length() < length) {
                int codePoint = random.nextInt(0x11_0000);
                if (codePoint < 0xD800 || codePoint > 0xDFFF) {
                    payload.appendCodePoint(codePoint);
                }
            }
            JobEvent event = new JobEvent(JOB, 1 + random.nextInt(Integer.MAX_VALUE), EventType.of("t"),
                    Instant.ofEpochSecond(random.nextInt(2_000_000_000), random.nextInt(1_000_000_000)),
                    payload.toString());
            assertThat(roundTrip(event)).isEqualTo(event);
        }
    }

    @Test
    void extremeHeaderValuesRoundTrip() throws MalformedMessageException {
        JobId longJob = JobId.of("j".repeat(128));
        JobEvent event = new JobEvent(longJob, Long.MAX_VALUE, EventType.of("T:._-".repeat(25) + "xyz"),
                Instant.parse("+12026-12-31T23:59:59.999999999Z"), "{}");
        assertThat(roundTrip(event)).isEqualTo(event);
        JobEvent epoch = new JobEvent(longJob, 1, EventType.of("t"), Instant.EPOCH, "{}");
        assertThat(roundTrip(epoch)).isEqualTo(epoch);
    }

    @Test
    void aLargePayloadRoundTrips() throws MalformedMessageException {
        JobEvent event = event("{\"blob\":\"" + "x€".repeat(40_000) + "\"}");
        assertThat(roundTrip(event)).isEqualTo(event);
    }

    @Test
    void aPayloadThatIsNotUnicodeTextIsRefusedAtEncoding() {
        assertThatThrownBy(() -> JobEventCodec.encode(event("{\"x\":\"\uD800\"}")))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageNotContaining("\"x\"");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "",
            "garbage",
            "{\"jobId\":\"job-42\"}",
            "H1 job-42 7 generation.chapter.started 2026-01-02T03:04:05.678Z",
            "H2 job-42 7 t 2026-01-02T03:04:05.678Z\n{}",
            "H1 job-42 7 t\n{}",
            "H1 job-42 7 t 2026-01-02T03:04:05.678Z extra\n{}",
            "H1  job-42 7 t 2026-01-02T03:04:05.678Z\n{}",
            "H1 other-job 7 t 2026-01-02T03:04:05.678Z\n{}",
            "H1 job-42 0 t 2026-01-02T03:04:05.678Z\n{}",
            "H1 job-42 -1 t 2026-01-02T03:04:05.678Z\n{}",
            "H1 job-42 +7 t 2026-01-02T03:04:05.678Z\n{}",
            "H1 job-42 99999999999999999999 t 2026-01-02T03:04:05.678Z\n{}",
            "H1 job-42 7 bad/type 2026-01-02T03:04:05.678Z\n{}",
            "H1 job-42 7 t yesterday\n{}",
            "H1 job-42 7 t 2026-01-02T03:04:05.678Z\r\n{}",
    })
    void malformedMessagesAreRejectedWithAReason(String message) {
        assertThatThrownBy(() -> JobEventCodec.decode(JOB, message.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageNotContaining("{}");
    }

    @Test
    void aPayloadThatIsNotUtf8IsRejected() {
        byte[] header = "H1 job-42 7 t 2026-01-02T03:04:05.678Z\n".getBytes(StandardCharsets.US_ASCII);
        byte[] message = new byte[header.length + 2];
        System.arraycopy(header, 0, message, 0, header.length);
        message[header.length] = (byte) 0xC3;
        message[header.length + 1] = (byte) 0x28;
        assertThatThrownBy(() -> JobEventCodec.decode(JOB, message))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("UTF-8");
    }

    @Test
    void aHeaderWithoutALineBreakInReachIsRejected() {
        byte[] message = ("H1 job-42 7 t " + "x".repeat(17_000) + "\n{}").getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> JobEventCodec.decode(JOB, message))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("header");
    }

    private static final Sender ALICE = new Sender(ClientId.of("AbC-_9xyz"), Optional.of("alice \u00e9 ✓ \n x"));

    @Test
    void aStoredEventWithASenderCarriesIt() throws MalformedMessageException {
        JobEvent event = new JobEvent(JOB, 7, EventType.of("game.ready"), AT, "{\"r\":1}", Optional.of(ALICE));
        byte[] encoded = JobEventCodec.encode(event);
        assertThat(new String(encoded, StandardCharsets.UTF_8)).startsWith("H2 job-42 7 game.ready 2026-01-02T03:04:05.678Z ")
                .doesNotContain("alice");
        assertThat(roundTrip(event)).isEqualTo(event);
        JobEvent noUser = new JobEvent(JOB, 8, EventType.of("t"), AT, "{}",
                Optional.of(new Sender(ClientId.of("c1"), Optional.empty())));
        assertThat(roundTrip(noUser)).isEqualTo(noUser);
        JobEvent emptyUser = new JobEvent(JOB, 9, EventType.of("t"), AT, "{}",
                Optional.of(new Sender(ClientId.of("c1"), Optional.of(""))));
        assertThat(roundTrip(emptyUser)).isEqualTo(emptyUser);
    }

    @Test
    void aRelayedEventRoundTripsAndIsNotAStoredOne() throws MalformedMessageException {
        RelayedEvent relayed = new RelayedEvent(JOB, EventType.of("chat.message"), AT, "{\"ct\":\"q83v\"}\n",
                Optional.of(ALICE));
        byte[] encoded = JobEventCodec.encode(relayed);
        assertThat(new String(encoded, StandardCharsets.UTF_8)).startsWith("R1 job-42 chat.message 2026-01-02T03:04:05.678Z ");
        assertThat(JobEventCodec.decodeAny(JOB, encoded)).isEqualTo(new JobEventCodec.Relayed(relayed));
        assertThatThrownBy(() -> JobEventCodec.decode(JOB, encoded)).isInstanceOf(MalformedMessageException.class);
        RelayedEvent fromWorker = new RelayedEvent(JOB, EventType.of("notice"), AT, "1", Optional.empty());
        assertThat(JobEventCodec.decodeAny(JOB, JobEventCodec.encode(fromWorker)))
                .isEqualTo(new JobEventCodec.Relayed(fromWorker));
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "R1 job-42 t 2026-01-02T03:04:05.678Z\n{}",
            "R1 job-42 t 2026-01-02T03:04:05.678Z ~ YWxpY2U\n{}",
            "R1 job-42 t 2026-01-02T03:04:05.678Z !! ~\n{}",
            "R1 job-42 t 2026-01-02T03:04:05.678Z  ~\n{}",
            "R1 other t 2026-01-02T03:04:05.678Z YQ ~\n{}",
            "H2 job-42 7 t 2026-01-02T03:04:05.678Z ~ ~\n{}",
            "H2 job-42 7 t 2026-01-02T03:04:05.678Z YQ\n{}",
            "R2 job-42 t 2026-01-02T03:04:05.678Z YQ ~\n{}",
    })
    void malformedSendersAndRelaysAreRejected(String message) {
        assertThatThrownBy(() -> JobEventCodec.decodeAny(JOB, message.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class)
                .hasMessageNotContaining("{}");
    }

    @Test
    void aRelayedEventPrintsNoPayload() {
        RelayedEvent relayed = new RelayedEvent(JOB, EventType.of("chat.message"), AT, "{\"secret\":1}", Optional.of(ALICE));
        assertThat(relayed.toString()).doesNotContain("secret");
    }
}
