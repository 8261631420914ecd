package dev.herald.bootstrap.e2e;

import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import jakarta.json.JsonValue;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Namespaces on the real gateway (arquillian.xml: {@code chat} ephemeral with client publishing,
 * {@code game} durable with client publishing, {@code feed} ephemeral without, 3 new ephemeral
 * channels per address and minute): a chat in an ephemeral room, a durable room a late joiner
 * catches up on, and every refusal.
 */
class ChannelsIT extends GatewayIT {

    private static final AtomicInteger ADDRESSES = new AtomicInteger();

    /** Each client claims its own address (the test server trusts 127.0.0.1 as a proxy), so no test eats another's creation budget. */
    private WsClient member() {
        return connect(client().address("10.23.0." + (1 + ADDRESSES.getAndIncrement() % 250)));
    }

    private static void awaitSubscribedAtZero(WsClient client, String channel) {
        JsonObject subscribed = client.await("subscribed", m -> "subscribed".equals(m.getString("type"))
                && channel.equals(m.getString("jobId")), WAIT);
        assertThat(subscribed.getInt("afterSeq")).isZero();
        assertThat(subscribed.getInt("headSeq")).isZero();
        JsonObject caughtUp = client.await("caught-up", m -> "caught-up".equals(m.getString("type"))
                && channel.equals(m.getString("jobId")), WAIT);
        assertThat(caughtUp.getInt("seq")).isZero();
        assertThat(caughtUp.getInt("replayed")).isZero();
    }

    private static List<JsonObject> events(WsClient client, String channel) {
        return client.messages("event").stream().filter(m -> channel.equals(m.getString("jobId"))).toList();
    }

    @Test
    void twoClientsChatInAnEphemeralRoomAndNothingIsStored() {
        String room = "chat:" + newJob("room");
        WsClient alice = member();
        WsClient bob = member();
        alice.subscribe(room, 7L, "s-a");
        bob.subscribe(room, null, "s-b");
        awaitSubscribedAtZero(alice, room);
        awaitSubscribedAtZero(bob, room);

        for (int n = 1; n <= 5; n++) {
            alice.publish(room, "chat.message", "{\"ciphertext\":\"c" + n + "\",\"iv\":\"i" + n + "\"}", "a" + n);
        }
        bob.publish(room, "chat.message", "{\"ciphertext\":\"from-bob\"}", "b1");

        bob.await("alice's five messages", m -> events(bob, room).size() == 5, WAIT);
        alice.await("bob's message", m -> events(alice, room).size() == 1, WAIT);
        alice.await("published a5", m -> "published".equals(m.getString("type")) && "a5".equals(m.getString("id", null)), WAIT);

        List<JsonObject> atBob = events(bob, room);
        assertThat(atBob).extracting(e -> e.getJsonObject("payload").getString("ciphertext"))
                .containsExactly("c1", "c2", "c3", "c4", "c5");
        JsonObject first = atBob.get(0);
        assertThat(first.getString("eventType")).isEqualTo("chat.message");
        assertThat(first.containsKey("seq")).isFalse();
        assertThat(first.containsKey("replay")).isFalse();
        assertThat(first.getString("occurredAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        JsonObject from = first.getJsonObject("from");
        assertThat(from.getString("clientId")).isNotBlank();
        assertThat(from.get("user")).isEqualTo(JsonValue.NULL);
        // the sender does not get its own messages back: alice has only bob's
        assertThat(events(alice, room)).singleElement()
                .satisfies(e -> assertThat(e.getJsonObject("payload").getString("ciphertext")).isEqualTo("from-bob"));
        assertThat(events(alice, room).get(0).getJsonObject("from").getString("clientId"))
                .isNotEqualTo(from.getString("clientId"));
        assertThat(alice.messages("published")).hasSize(5).allSatisfy(p -> {
            assertThat(p.getString("jobId")).isEqualTo(room);
            assertThat(p.containsKey("seq")).isFalse();
        });

        // nothing of the room was stored
        JsonObject page = GatewayApi.json(api.get("/api/jobs/" + room + "/events?afterSeq=0&limit=100").body());
        assertThat(page.getJsonArray("events")).isEmpty();
        assertThat(api.get("/api/jobs/" + room).statusCode()).isEqualTo(404);
        assertThat(alice.messages("error")).isEmpty();
        assertThat(bob.messages("error")).isEmpty();
    }

    @Test
    void aMemberWhoLeftGetsNothingMoreAndAWorkerCanRelayOverRest() {
        String room = "chat:" + newJob("leave");
        WsClient alice = member();
        WsClient bob = member();
        alice.subscribe(room, null, null);
        bob.subscribe(room, null, null);
        awaitSubscribedAtZero(alice, room);
        awaitSubscribedAtZero(bob, room);

        HttpResponse<String> relayed = api.post("/api/jobs/" + room + "/events",
                "{\"eventType\":\"notice\",\"payload\":{\"text\":\"hello room\"}}", "application/json");
        assertThat(relayed.statusCode()).isEqualTo(202);
        assertThat(GatewayApi.json(relayed.body()).containsKey("seq")).isFalse();
        alice.await("the notice", m -> events(alice, room).size() == 1, WAIT);
        bob.await("the notice", m -> events(bob, room).size() == 1, WAIT);
        assertThat(events(bob, room).get(0).containsKey("from")).isFalse();

        bob.unsubscribe(room, "u");
        bob.await("unsubscribed", m -> "unsubscribed".equals(m.getString("type")), WAIT);
        alice.publish(room, "chat.message", "\"after bob left\"", "late");
        alice.await("published", m -> "late".equals(m.getString("id", null)), WAIT);
        bob.ping("after");
        bob.await("pong", m -> "pong".equals(m.getString("type")) && "after".equals(m.getString("id", null)), WAIT);
        assertThat(events(bob, room)).hasSize(1);
        assertThat(api.post("/api/jobs/" + room + "/events/batch", GatewayApi.batchBody(1, 2), "application/json")
                .statusCode()).isEqualTo(400);
    }

    @Test
    void aLateJoinerCatchesUpOnADurableRoomsClientPublishedEvents() {
        String room = "game:" + newJob("room");
        WsClient host = member();
        host.subscribe(room, null, "s");
        host.await("caught-up", m -> "caught-up".equals(m.getString("type")), WAIT);
        host.publish(room, "player.ready", "{\"player\":\"host\",\"ready\":true}", "p1");
        host.publish(room, "phase.changed", "{\"phase\":\"draw\"}", "p2");
        JsonObject second = host.await("published p2", m -> "p2".equals(m.getString("id", null)), WAIT);
        assertThat(second.getString("type")).isEqualTo("published");
        assertThat(second.getInt("seq")).isEqualTo(2);
        api.publish(room, "round.timer", "{\"seconds\":60}");

        host.awaitSeq(room, 3, WAIT);
        // the sender, subscribed, gets its own events too (stored, then delivered like a REST publish)
        assertThat(host.eventSeqs(room)).containsExactly(1L, 2L, 3L);
        String hostId = events(host, room).get(0).getJsonObject("from").getString("clientId");

        WsClient late = member();
        late.subscribe(room, null, "late");
        late.awaitSeq(room, 3, WAIT);
        List<JsonObject> replayed = events(late, room);
        assertThat(replayed).extracting(e -> e.getInt("seq")).containsExactly(1, 2, 3);
        assertThat(replayed).allMatch(e -> e.getBoolean("replay"));
        assertThat(replayed.get(0).getJsonObject("from").getString("clientId")).isEqualTo(hostId);
        assertThat(replayed.get(1).getJsonObject("payload").getString("phase")).isEqualTo("draw");
        assertThat(replayed.get(2).containsKey("from")).isFalse();
        assertThat(late.await("caught-up", WAIT).getInt("seq")).isEqualTo(3);

        // the REST snapshot and page rehydrate the room (after a restart too: the store kept them)
        JsonObject snapshot = GatewayApi.json(api.get("/api/jobs/" + room).body());
        assertThat(snapshot.getInt("headSeq")).isEqualTo(3);
        assertThat(snapshot.getString("lastEventType")).isEqualTo("round.timer");
        JsonObject page = GatewayApi.json(api.get("/api/jobs/" + room + "/events?afterSeq=0&limit=10").body());
        assertThat(page.getJsonArray("events").getJsonObject(0).getJsonObject("from").getString("clientId"))
                .isEqualTo(hostId);
    }

    @Test
    void refusalsKeepTheConnection() {
        WsClient client = member();
        String job = newJob("plain");
        client.publish(job, "t", "{}", "default-ns");
        client.publish("feed:" + newJob("news"), "t", "{}", "no-client-publish");
        client.send("{\"type\":\"publish\",\"jobId\":\"game:x\",\"eventType\":\"t\",\"id\":\"no-payload\"}");
        client.send("{\"type\":\"publish\",\"jobId\":\"game:x\",\"eventType\":\"bad type\",\"payload\":1,\"id\":\"bad-type\"}");

        JsonObject forbidden = client.await("default namespace", m -> "default-ns".equals(m.getString("id", null)), WAIT);
        assertThat(forbidden.getString("type")).isEqualTo("error");
        assertThat(forbidden.getString("code")).isEqualTo("FORBIDDEN");
        assertThat(forbidden.getString("jobId")).isEqualTo(job);
        assertThat(client.await("feed", m -> "no-client-publish".equals(m.getString("id", null)), WAIT).getString("code"))
                .isEqualTo("FORBIDDEN");
        assertThat(client.await("no payload", m -> "no-payload".equals(m.getString("id", null)), WAIT).getString("code"))
                .isEqualTo("BAD_REQUEST");
        assertThat(client.await("bad type", m -> "bad-type".equals(m.getString("id", null)), WAIT).getString("code"))
                .isEqualTo("BAD_REQUEST");
        assertThat(client.messages("published")).isEmpty();
        assertThat(api.get("/api/jobs/" + job).statusCode()).isEqualTo(404);
        client.ping("still-here");
        client.await("pong", m -> "still-here".equals(m.getString("id", null)), WAIT);
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void newEphemeralChannelsFromOneAddressAreLimitedPerMinute() {
        String address = "10.99.0." + (1 + ADDRESSES.getAndIncrement() % 250);
        WsClient first = connect(client().address(address));
        WsClient second = connect(client().address(address));
        WsClient elsewhere = member();
        String existing = "chat:" + newJob("c1");
        for (int n = 1; n <= 3; n++) {
            first.subscribe(n == 1 ? existing : "chat:" + newJob("c" + n), null, "c" + n);
        }
        first.await("three channels", m -> first.messages("caught-up").size() == 3, WAIT);

        second.subscribe("chat:" + newJob("c4"), null, "c4");
        JsonObject refused = second.awaitError("RATE_LIMITED", WAIT);
        assertThat(refused.getString("id")).isEqualTo("c4");
        // joining a channel that has members creates nothing; durable jobs and other addresses are not counted
        second.subscribe(existing, null, "join");
        second.subscribe("game:" + newJob("g"), null, "durable");
        elsewhere.subscribe("chat:" + newJob("other"), null, "other");
        second.await("joined", m -> second.messages("caught-up").size() == 2, WAIT);
        elsewhere.await("created", m -> "caught-up".equals(m.getString("type")), WAIT);
        assertThat(second.messages("error")).hasSize(1);
        assertThat(second.isClosed()).isFalse();
        assertThat(api.rejections("RATE_LIMITED")).isPositive();
    }
}
