package dev.herald.adapter.websocket.connection;

import dev.herald.adapter.websocket.rfc6455.ServerFrames;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.Member;
import dev.herald.domain.presence.PresenceNotice;
import dev.herald.domain.job.Sender;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.Optional;
import java.util.OptionalLong;

import static org.assertj.core.api.Assertions.assertThat;

class MessageEncoderTest {

    private static final JobId JOB = JobId.of("book-1");
    private final MessageEncoder encoder = new MessageEncoder();

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void anEventFrameCarriesTheContractFieldsAndThePayloadVerbatim() {
        JobEvent event = new JobEvent(JOB, 7, EventType.of("generation.chapter.started"),
                Instant.parse("2026-01-02T03:04:05.678Z"), "{\"title\":\"Chapitre — l'été\",\"n\":[1,2.5,null]}");
        String text = encoder.encode(new ServerMessage.Event(event, true)).text();
        assertThat(text).isEqualTo("{\"type\":\"event\",\"jobId\":\"book-1\",\"seq\":7,"
                + "\"eventType\":\"generation.chapter.started\",\"occurredAt\":\"2026-01-02T03:04:05.678Z\","
                + "\"payload\":{\"title\":\"Chapitre — l'été\",\"n\":[1,2.5,null]},\"replay\":true}");
        assertThat(json(text).getJsonObject("payload").getString("title")).isEqualTo("Chapitre — l'été");
    }

    @Test
    void presenceListsMembersWithTheirUserOrNull() {
        Instant at = Instant.parse("2026-01-02T03:04:05.678Z");
        String text = encoder.encode(new ServerMessage.Presence(JobId.of("chat:lobby"), java.util.List.of(
                new Member(ClientId.of("c1"), Optional.of("zoé \"z\""), at),
                new Member(ClientId.of("c2"), Optional.empty(), at.plusSeconds(1))), Optional.of("q"))).text();
        assertThat(json(text)).isEqualTo(json("{\"type\":\"presence\",\"jobId\":\"chat:lobby\",\"members\":["
                + "{\"clientId\":\"c1\",\"user\":\"zoé \\\"z\\\"\",\"joinedAt\":\"2026-01-02T03:04:05.678Z\"},"
                + "{\"clientId\":\"c2\",\"user\":null,\"joinedAt\":\"2026-01-02T03:04:06.678Z\"}],\"id\":\"q\"}"));
    }

    @Test
    void joinAndLeaveNameTheMember() {
        Member member = new Member(ClientId.of("c1"), Optional.of("ann"), Instant.parse("2026-01-02T03:04:05Z"));
        assertThat(json(encoder.encode(new ServerMessage.MemberChanged(PresenceNotice.Kind.JOIN,
                JobId.of("chat:lobby"), member)).text())).isEqualTo(json("{\"type\":\"join\",\"jobId\":\"chat:lobby\","
                + "\"clientId\":\"c1\",\"user\":\"ann\",\"joinedAt\":\"2026-01-02T03:04:05.000Z\"}"));
        assertThat(json(encoder.encode(new ServerMessage.MemberChanged(PresenceNotice.Kind.LEAVE,
                JobId.of("chat:lobby"), member)).text()).getString("type")).isEqualTo("leave");
    }

    @Test
    void anEventAClientPublishedSaysFromWhom() {
        JobEvent event = new JobEvent(JobId.of("game:7"), 2, EventType.of("player.ready"),
                Instant.parse("2026-01-02T03:04:05.678Z"), "{\"ready\":true}",
                Optional.of(new Sender(ClientId.of("c-1"), Optional.of("ann \"the\" player"))));
        String text = encoder.encode(new ServerMessage.Event(event, false)).text();
        assertThat(text).isEqualTo("{\"type\":\"event\",\"jobId\":\"game:7\",\"seq\":2,\"eventType\":\"player.ready\","
                + "\"occurredAt\":\"2026-01-02T03:04:05.678Z\",\"payload\":{\"ready\":true},\"replay\":false,"
                + "\"from\":{\"clientId\":\"c-1\",\"user\":\"ann \\\"the\\\" player\"}}");
        assertThat(json(text).getJsonObject("from").getString("user")).isEqualTo("ann \"the\" player");
    }

    @Test
    void aRelayedEventHasNoSeqNorReplayAndIsEncodedOnceForTheRoom() {
        RelayedEvent event = new RelayedEvent(JobId.of("chat:lobby"), EventType.of("chat.message"),
                Instant.parse("2026-01-02T03:04:05.678Z"), "{\"ciphertext\":\"q83v\"}",
                Optional.of(new Sender(ClientId.of("c-2"), Optional.empty())));
        ServerMessage.Relayed message = new ServerMessage.Relayed(event);
        OutboundFrame frame = encoder.encode(message);
        assertThat(frame.text()).isEqualTo("{\"type\":\"event\",\"jobId\":\"chat:lobby\",\"eventType\":\"chat.message\","
                + "\"occurredAt\":\"2026-01-02T03:04:05.678Z\",\"payload\":{\"ciphertext\":\"q83v\"},"
                + "\"from\":{\"clientId\":\"c-2\",\"user\":null}}");
        assertThat(encoder.encode(message)).isSameAs(frame);
        assertThat(encoder.encode(new ServerMessage.Relayed(event))).isNotSameAs(frame);
        RelayedEvent fromWorker = new RelayedEvent(JobId.of("chat:lobby"), EventType.of("notice"), Instant.EPOCH, "1",
                Optional.empty());
        assertThat(json(encoder.encode(new ServerMessage.Relayed(fromWorker)).text()).containsKey("from")).isFalse();
    }

    @Test
    void publishedCarriesTheSeqOnlyWhenStored() {
        assertThat(encoder.encode(new ServerMessage.Published(JobId.of("game:7"), OptionalLong.of(3), Optional.of("p1"))).text())
                .isEqualTo("{\"type\":\"published\",\"jobId\":\"game:7\",\"seq\":3,\"id\":\"p1\"}");
        assertThat(encoder.encode(new ServerMessage.Published(JobId.of("chat:x"), OptionalLong.empty(), Optional.empty())).text())
                .isEqualTo("{\"type\":\"published\",\"jobId\":\"chat:x\"}");
    }

    @Test
    void occurredAtAlwaysHasMilliseconds() {
        JobEvent event = new JobEvent(JOB, 1, EventType.of("t"), Instant.parse("2026-01-02T03:04:05Z"), "{}");
        assertThat(json(encoder.encode(new ServerMessage.Event(event, false)).text()).getString("occurredAt"))
                .isEqualTo("2026-01-02T03:04:05.000Z");
    }

    @Test
    void theSameEventIsEncodedOnceForAllItsSubscribers() {
        JobEvent event = new JobEvent(JOB, 3, EventType.of("t"), Instant.EPOCH, "{}");
        OutboundFrame first = encoder.encode(new ServerMessage.Event(event, false));
        OutboundFrame second = encoder.encode(new ServerMessage.Event(event, false));
        assertThat(second).isSameAs(first);
        assertThat(second.utf8()).isSameAs(first.utf8());
        assertThat(encoder.encode(new ServerMessage.Event(event, true)).text()).isNotEqualTo(first.text());
    }

    @Test
    void aFrameCarriesItsPayloadOnceInUtf8AndCountsIt() {
        JobEvent event = new JobEvent(JOB, 4, EventType.of("t"), Instant.EPOCH, "{\"s\":\"été\"}");
        OutboundFrame frame = encoder.encode(new ServerMessage.Event(event, false));
        byte[] payload = frame.text().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        assertThat(frame.utf8()).isEqualTo(payload);
        assertThat(frame.bytes()).isEqualTo(payload.length);

        OutboundFrame big = OutboundFrame.of("x".repeat(70_000));
        assertThat(big.bytes()).isEqualTo(70_000);
    }

    @Test
    void aTransportsWireFormIsBuiltOncePerFrameAndKept() {
        java.util.concurrent.atomic.AtomicInteger builds = new java.util.concurrent.atomic.AtomicInteger();
        WireForm<byte[]> header = WireForm.of(utf8 -> {
            builds.incrementAndGet();
            return ServerFrames.textHeader(utf8.length);
        });
        OutboundFrame frame = OutboundFrame.of("x".repeat(300));
        byte[] first = frame.wireForm(header);
        assertThat(frame.wireForm(header)).isSameAs(first);
        assertThat(first).containsExactly(0x81, 126, 1, 44);
        assertThat(builds).hasValue(1);
    }

    @Test
    void aLiveEventFrameRemembersItsPublicationTimeAndAReplayedOneDoesNot() {
        JobEvent event = new JobEvent(JOB, 3, EventType.of("t"), Instant.ofEpochMilli(1234), "{}");
        assertThat(encoder.encode(new ServerMessage.Event(event, false)).publishedAtMillis()).isEqualTo(1234);
        assertThat(encoder.encode(new ServerMessage.Event(event, true)).isLiveEvent()).isFalse();
    }

    @Test
    void controlMessagesMatchTheContract() {
        assertThat(json(MessageEncoder.text(new ServerMessage.Subscribed(JOB, 4, 9, Optional.of("r")))))
                .isEqualTo(json("{\"type\":\"subscribed\",\"jobId\":\"book-1\",\"afterSeq\":4,\"headSeq\":9,"
                        + "\"firstSeq\":1,\"truncated\":false,\"id\":\"r\"}"));
        assertThat(json(MessageEncoder.text(new ServerMessage.Subscribed(JOB, 4, 9, 7, true, Optional.empty()))))
                .isEqualTo(json("{\"type\":\"subscribed\",\"jobId\":\"book-1\",\"afterSeq\":4,\"headSeq\":9,"
                        + "\"firstSeq\":7,\"truncated\":true}"));
        assertThat(json(MessageEncoder.text(new ServerMessage.CaughtUp(JOB, 9, 5, 12))))
                .isEqualTo(json("{\"type\":\"caught-up\",\"jobId\":\"book-1\",\"seq\":9,\"replayed\":5,\"durationMs\":12}"));
        assertThat(json(MessageEncoder.text(new ServerMessage.Unsubscribed(JOB, Optional.empty()))))
                .isEqualTo(json("{\"type\":\"unsubscribed\",\"jobId\":\"book-1\"}"));
        assertThat(json(MessageEncoder.text(new ServerMessage.Pong(Optional.of("p")))))
                .isEqualTo(json("{\"type\":\"pong\",\"id\":\"p\"}"));
        assertThat(json(MessageEncoder.text(new ServerMessage.Error(ErrorCode.SUBSCRIPTION_LIMIT, "Subscription limit reached",
                Optional.of(JOB), Optional.of("q")))))
                .isEqualTo(json("{\"type\":\"error\",\"code\":\"SUBSCRIPTION_LIMIT\",\"message\":\"Subscription limit reached\","
                        + "\"jobId\":\"book-1\",\"id\":\"q\"}"));
    }

    @Test
    void refreshedCarriesTheNewExpiryWithMillisecondsOrNullWithAuthOff() {
        assertThat(json(MessageEncoder.text(new ServerMessage.Refreshed(
                Optional.of(java.time.Instant.parse("2026-01-02T03:04:05Z")), Optional.of("r1")))))
                .isEqualTo(json("{\"type\":\"refreshed\",\"expiresAt\":\"2026-01-02T03:04:05.000Z\",\"id\":\"r1\"}"));
        assertThat(json(MessageEncoder.text(new ServerMessage.Refreshed(Optional.empty(), Optional.empty()))))
                .isEqualTo(json("{\"type\":\"refreshed\",\"expiresAt\":null}"));
    }

    @Test
    void tokenExpiredIsAnErrorFrameLikeTheOthers() {
        assertThat(json(MessageEncoder.text(ServerMessage.Error.of(ErrorCode.TOKEN_EXPIRED, "The token has expired"))))
                .isEqualTo(json("{\"type\":\"error\",\"code\":\"TOKEN_EXPIRED\",\"message\":\"The token has expired\"}"));
    }

    @Test
    void requestIdsAreEscaped() {
        String text = MessageEncoder.text(new ServerMessage.Pong(Optional.of("a\"b\\c\nd\u0001\u2028")));
        assertThat(json(text).getString("id")).isEqualTo("a\"b\\c\nd\u0001\u2028");
    }
}
