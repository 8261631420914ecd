package dev.herald.bootstrap.e2e;

import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/** Publish over REST, receive over WebSocket: live, catch-up, the hand-off between them, resume. */
class DeliveryIT extends GatewayIT {

    private static List<Long> range(long from, long to) {
        return LongStream.rangeClosed(from, to).boxed().toList();
    }

    @Test
    void aPublishedEventReachesEverySubscriberLive() {
        String job = newJob("live");
        WsClient first = connect();
        WsClient second = connect();
        first.subscribe(job, null, "s1");
        second.subscribe(job, null, null);
        first.await("caught-up", WAIT);
        second.await("caught-up", WAIT);

        JsonObject published = api.publish(job, "generation.chapter.started", "{\"chapter\":1,\"title\":\"L'été\"}");
        assertThat(published.getJsonNumber("seq").longValue()).isEqualTo(1);
        assertThat(published.getString("occurredAt")).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");

        for (WsClient client : List.of(first, second)) {
            client.awaitSeq(job, 1, WAIT);
            JsonObject event = client.messages("event").get(0);
            assertThat(event.getString("jobId")).isEqualTo(job);
            assertThat(event.getString("eventType")).isEqualTo("generation.chapter.started");
            assertThat(event.getJsonObject("payload").getString("title")).isEqualTo("L'été");
            assertThat(event.getString("occurredAt")).isEqualTo(published.getString("occurredAt"));
            assertThat(event.getBoolean("replay")).isFalse();
        }
        JsonObject subscribed = first.messages().get(0);
        assertThat(subscribed.getString("type")).isEqualTo("subscribed");
        assertThat(subscribed.getString("id")).isEqualTo("s1");
        assertThat(subscribed.getInt("headSeq")).isZero();
    }

    @Test
    void aLateSubscriberGetsTheCatchUpThenLiveEventsWithNoDuplicateAtTheHandOff() throws Exception {
        String job = newJob("handoff");
        int total = 300;
        ExecutorService publisher = Executors.newSingleThreadExecutor();
        try {
            Future<?> publishing = publisher.submit(() -> {
                for (int i = 1; i <= total; i++) {
                    api.publish(job, "step", "{\"i\":" + i + "}");
                }
            });
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (api.get("/api/jobs/" + job).statusCode() != 200) {
                if (publishing.isDone() || System.nanoTime() > deadline) {
                    publishing.get(); // surfaces the publisher's failure
                    throw new AssertionError("no event of " + job + " was published");
                }
                sleep(5);
            }
            // subscribe while events keep coming: part replay, part live, one hand-off in between
            WsClient late = connect();
            late.subscribe(job, null, "late");
            publishing.get(60, TimeUnit.SECONDS);
            late.awaitSeq(job, total, WAIT);
            sleep(200); // anything duplicated would arrive right behind

            assertThat(late.eventSeqs(job)).containsExactlyElementsOf(range(1, total));
            List<JsonObject> messages = late.messages();
            JsonObject caughtUp = late.messages("caught-up").get(0);
            assertThat(late.messages("caught-up")).hasSize(1);
            int caughtUpAt = messages.indexOf(caughtUp);
            long replayed = messages.subList(0, caughtUpAt).stream().filter(m -> m.getString("type").equals("event")).count();
            assertThat(caughtUp.getJsonNumber("replayed").longValue()).isEqualTo(replayed);
            assertThat(caughtUp.getJsonNumber("seq").longValue()).isEqualTo(replayed);
            assertThat(replayed).isPositive();
            for (int i = 0; i < messages.size(); i++) {
                if (messages.get(i).getString("type").equals("event")) {
                    assertThat(messages.get(i).getBoolean("replay")).isEqualTo(i < caughtUpAt);
                }
            }
        } finally {
            publisher.shutdownNow();
        }
    }

    @Test
    void aClientThatComesBackWithAfterSeqGetsExactlyWhatItMissed() {
        String job = newJob("resume");
        WsClient before = connect();
        before.subscribe(job, null, null);
        before.await("caught-up", WAIT);
        for (int i = 1; i <= 5; i++) {
            api.publish(job, "step", "{}");
        }
        before.awaitSeq(job, 5, WAIT);
        long lastSeen = before.eventSeqs(job).get(4);
        before.close();

        for (int i = 6; i <= 9; i++) {
            api.publish(job, "step", "{}");
        }
        WsClient after = connect();
        after.subscribe(job, lastSeen, "again");
        JsonObject subscribed = after.await("subscribed", WAIT);
        assertThat(subscribed.getInt("afterSeq")).isEqualTo(5);
        assertThat(subscribed.getInt("headSeq")).isEqualTo(9);
        after.await("caught-up", WAIT);
        api.publish(job, "job.completed", "{}");
        after.awaitSeq(job, 10, WAIT);
        assertThat(after.eventSeqs(job)).containsExactly(6L, 7L, 8L, 9L, 10L);
    }

    @Test
    void pingUnsubscribeAndRequestIdsFollowTheContract() {
        String job = newJob("conv");
        WsClient client = connect(client().noAutoPing());
        client.send("{\"type\":\"ping\",\"id\":\"p-1\"}");
        assertThat(client.await("pong", WAIT).getString("id")).isEqualTo("p-1");
        client.subscribe(job, null, "s");
        client.await("caught-up", WAIT);
        client.unsubscribe(job, "u");
        JsonObject unsubscribed = client.await("unsubscribed", WAIT);
        assertThat(unsubscribed.getString("jobId")).isEqualTo(job);
        assertThat(unsubscribed.getString("id")).isEqualTo("u");
        api.publish(job, "step", "{}");
        client.send("{\"type\":\"ping\",\"id\":\"p-2\"}");
        client.await("pong p-2", m -> "p-2".equals(m.getString("id", null)), WAIT);
        assertThat(client.eventSeqs(job)).isEmpty();
        assertThat(api.metrics().getJsonObject("subscriptionsByJob").containsKey(job)).isFalse();
    }

    @Test
    void theRestApiServesTheSnapshotAndPagesOfEvents() {
        String job = newJob("rest");
        api.publish(job, "job.started", "{}");
        api.publish(job, "job.progress", "{\"percent\":50}");
        api.publish(job, "job.completed", "{\"percent\":100}");

        JsonObject snapshot = dev.herald.bootstrap.testing.GatewayApi.json(api.get("/api/jobs/" + job).body());
        assertThat(snapshot.getInt("headSeq")).isEqualTo(3);
        assertThat(snapshot.getInt("eventCount")).isEqualTo(3);
        assertThat(snapshot.getString("lastEventType")).isEqualTo("job.completed");
        assertThat(snapshot.getString("status")).isEqualTo("completed");

        JsonObject page = dev.herald.bootstrap.testing.GatewayApi.json(
                api.get("/api/jobs/" + job + "/events?afterSeq=1&limit=1").body());
        assertThat(page.getJsonArray("events")).hasSize(1);
        assertThat(page.getJsonArray("events").getJsonObject(0).getJsonObject("payload").getInt("percent")).isEqualTo(50);
        assertThat(page.getInt("nextAfterSeq")).isEqualTo(2);
        assertThat(page.getBoolean("hasMore")).isTrue();
        assertThat(api.get("/api/jobs/" + newJob("none")).statusCode()).isEqualTo(404);
    }

    @Test
    void theMetricsEndpointShowsConnectionsSubscriptionsAndTheLastCatchUp() {
        String job = newJob("metrics");
        for (int i = 0; i < 4; i++) {
            api.publish(job, "step", "{}");
        }
        WsClient client = connect(client().origin("http://metrics.test"));
        client.subscribe(job, null, null);
        client.await("caught-up", WAIT);
        JsonObject metrics = api.metrics();
        assertThat(metrics.getInt("activeConnections")).isEqualTo(1);
        assertThat(metrics.getInt("totalSubscribers")).isEqualTo(1);
        assertThat(metrics.getJsonObject("subscriptionsByJob").getInt(job)).isEqualTo(1);
        assertThat(metrics.getJsonObject("connectionsByOrigin").getInt("http://metrics.test")).isEqualTo(1);
        assertThat(metrics.getJsonObject("lastCatchUp").getString("jobId")).isEqualTo(job);
        assertThat(metrics.getJsonObject("lastCatchUp").getInt("eventCount")).isEqualTo(4);
        assertThat(metrics.getJsonObject("eventBus").getBoolean("connected")).isTrue();
        assertThat(metrics.containsKey("gapRepairs")).isTrue();
    }
}
