package dev.herald.adapter.rest;

import dev.herald.application.port.in.ChannelPresence;
import dev.herald.application.port.in.DeletedEvents;
import dev.herald.application.port.in.EventsPage;
import dev.herald.application.port.in.GatewayMetrics;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.EventType;
import dev.herald.domain.presence.Member;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.JobSnapshot;
import dev.herald.domain.job.JobStatus;
import dev.herald.domain.job.Sender;
import jakarta.json.Json;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.io.StringReader;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class JsonBodiesTest {

    private static final Instant T = Instant.parse("2026-01-02T03:04:05.678Z");

    private static JsonObject json(String text) {
        return Json.createReader(new StringReader(text)).readObject();
    }

    @Test
    void presenceCountsAndListsTheMembers() {
        JsonObject body = json(JsonBodies.presence(new ChannelPresence(JobId.of("chat:lobby"), List.of(
                new Member(ClientId.of("c1"), Optional.of("ann"), T), new Member(ClientId.of("c2"), Optional.empty(), T)))));
        assertThat(body).isEqualTo(json("{\"jobId\":\"chat:lobby\",\"count\":2,\"members\":["
                + "{\"clientId\":\"c1\",\"user\":\"ann\",\"joinedAt\":\"2026-01-02T03:04:05.678Z\"},"
                + "{\"clientId\":\"c2\",\"user\":null,\"joinedAt\":\"2026-01-02T03:04:05.678Z\"}]}"));
    }

    @Test
    void snapshotHasTheContractFields() {
        JsonObject body = json(JsonBodies.snapshot(new JobSnapshot(JobId.of("j"), 3, 3, T, T.plusSeconds(1),
                EventType.of("job.completed"), JobStatus.COMPLETED)));
        assertThat(body).isEqualTo(json("{\"jobId\":\"j\",\"headSeq\":3,\"eventCount\":3,"
                + "\"firstEventAt\":\"2026-01-02T03:04:05.678Z\",\"lastEventAt\":\"2026-01-02T03:04:06.678Z\","
                + "\"lastEventType\":\"job.completed\",\"status\":\"completed\"}"));
    }

    @Test
    void aPageCarriesEventsWithTheirPayloads() {
        JobEvent event = new JobEvent(JobId.of("j"), 4, EventType.of("t"), T, "{\"a\":[1]}");
        JsonObject body = json(JsonBodies.page(new EventsPage(JobId.of("j"), List.of(event), 4, true, 3)));
        assertThat(body.getJsonArray("events").getJsonObject(0)).isEqualTo(json(
                "{\"jobId\":\"j\",\"seq\":4,\"eventType\":\"t\",\"occurredAt\":\"2026-01-02T03:04:05.678Z\",\"payload\":{\"a\":[1]}}"));
        assertThat(body.getJsonNumber("nextAfterSeq").longValue()).isEqualTo(4);
        assertThat(body.getBoolean("hasMore")).isTrue();
        assertThat(body.getJsonNumber("firstSeq").longValue()).isEqualTo(3);
    }

    @Test
    void aDeleteSaysWhatIsLeft() {
        assertThat(json(JsonBodies.deleted(new DeletedEvents(JobId.of("j"), 7, 8, 7))))
                .isEqualTo(json("{\"jobId\":\"j\",\"deleted\":7,\"firstSeq\":8,\"headSeq\":7}"));
    }

    @Test
    void aPageSaysWhichClientPublishedAnEvent() {
        JobEvent event = new JobEvent(JobId.of("game:7"), 1, EventType.of("player.ready"), T, "true",
                Optional.of(new Sender(ClientId.of("c-1"), Optional.of("ann"))));
        JsonObject body = json(JsonBodies.page(new EventsPage(JobId.of("game:7"), List.of(event), 1, false)));
        assertThat(body.getJsonArray("events").getJsonObject(0).getJsonObject("from"))
                .isEqualTo(json("{\"clientId\":\"c-1\",\"user\":\"ann\"}"));
    }

    @Test
    void aRelayedPublishHasNoSeq() {
        assertThat(json(JsonBodies.published(PublishedEvent.relayed(JobId.of("chat:x"), T))))
                .isEqualTo(json("{\"jobId\":\"chat:x\",\"occurredAt\":\"2026-01-02T03:04:05.678Z\"}"));
        assertThat(json(JsonBodies.published(new PublishedEvent(JobId.of("j"), 5, T))).getInt("seq")).isEqualTo(5);
    }

    @Test
    void metricsHaveEveryContractField() {
        JsonObject body = json(JsonBodies.metrics(new GatewayMetrics(2, 3, Map.of("j", 3), Map.of("https://a", 2),
                Map.of("CONNECTION_LIMIT", 4L), Optional.of(new GatewayMetrics.LastCatchUp("j", 120, 15, T)),
                new GatewayMetrics.EventBusStatus(false, 2), 5, 10, 30, false, true)));
        assertThat(body.keySet()).contains("activeConnections", "totalSubscribers", "subscriptionsByJob",
                "connectionsByOrigin", "rejections", "lastCatchUp", "eventBus", "gapRepairs");
        assertThat(body.getJsonObject("lastCatchUp")).isEqualTo(json(
                "{\"jobId\":\"j\",\"eventCount\":120,\"durationMs\":15,\"completedAt\":\"2026-01-02T03:04:05.678Z\"}"));
        assertThat(body.getJsonObject("eventBus")).isEqualTo(json("{\"connected\":false,\"reconnects\":2}"));
        assertThat(body.getJsonObject("rejections").getInt("CONNECTION_LIMIT")).isEqualTo(4);
        assertThat(body.getBoolean("maintenance")).isTrue();
        JsonObject empty = json(JsonBodies.metrics(new GatewayMetrics(0, 0, Map.of(), Map.of(), Map.of(),
                Optional.empty(), new GatewayMetrics.EventBusStatus(true, 0), 0, 0, 0, false, false)));
        assertThat(empty.isNull("lastCatchUp")).isTrue();
    }
}
