package dev.herald.bootstrap.secured;

import dev.herald.adapter.jwt.JwtTokenIssuer;
import dev.herald.bootstrap.testing.WsClient;
import dev.herald.domain.auth.Scope;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * {@code refresh} and token expiry on the secured gateway, whose grace after an expiry is 2 s
 * (arquillian.xml): a connection renews its token in place, its grants follow the new token, a bad
 * refresh changes nothing, and a token left to expire is announced, then the connection closed.
 */
class TokenRefreshIT extends SecuredGatewayIT {

    private static final long GRACE_MS = 2_000;

    private static String token(String sub, Duration ttl, String... jobs) {
        return new JwtTokenIssuer(SECRET).issue(Set.of(Scope.SUBSCRIBE), List.of(jobs), ttl, Optional.ofNullable(sub),
                Instant.now());
    }

    private WsClient connectWith(String token) {
        return connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(token));
    }

    private static JsonObject awaitReply(WsClient client, String id) {
        return client.await("the reply to " + id, m -> id.equals(m.getString("id", null)), WAIT);
    }

    private static void awaitCaughtUp(WsClient client, String job) {
        client.await("caught-up " + job, m -> "caught-up".equals(m.getString("type")) && job.equals(m.getString("jobId")), WAIT);
    }

    @Test
    void aRefreshedTokenIsInForceAtOnceOnTheSameConnection() {
        String mine = newJob("mine");
        String next = newJob("next");
        WsClient client = connectWith(token("alice", Duration.ofMinutes(5), mine));
        client.subscribe(mine, null, "s1");
        awaitCaughtUp(client, mine);
        client.subscribe(next, null, "s2");
        assertThat(client.awaitError("FORBIDDEN", WAIT).getString("id")).isEqualTo("s2");

        Instant expiry = Instant.now().plus(Duration.ofHours(2));
        client.refresh(token("alice", Duration.ofHours(2), mine, next), "r1");

        JsonObject refreshed = awaitReply(client, "r1");
        assertThat(refreshed.getString("type")).isEqualTo("refreshed");
        assertThat(Instant.parse(refreshed.getString("expiresAt")).getEpochSecond())
                .isCloseTo(expiry.getEpochSecond(), within(5L));
        client.subscribe(next, null, "s3");
        assertThat(awaitReply(client, "s3").getString("type")).isEqualTo("subscribed");
        api.publish(next, "step", "{}");
        api.publish(mine, "step", "{}");
        client.awaitSeq(next, 1, WAIT);
        client.awaitSeq(mine, 1, WAIT);
        assertThat(client.isClosed()).isFalse();
        assertThat(api.get("/metrics").body()).contains("herald_token_refreshes_total");
    }

    @Test
    void subscriptionsTheNewTokenDoesNotGrantEndWithUnsubscribed() {
        String kept = newJob("kept");
        String dropped = newJob("dropped");
        WsClient client = connectWith(token("alice", Duration.ofMinutes(5), kept, dropped));
        client.subscribe(kept, null, null);
        client.subscribe(dropped, null, null);
        awaitCaughtUp(client, kept);
        awaitCaughtUp(client, dropped);

        client.refresh(token("alice", Duration.ofMinutes(5), kept), "r1");

        JsonObject refreshed = awaitReply(client, "r1");
        assertThat(refreshed.getString("type")).isEqualTo("refreshed");
        JsonObject unsubscribed = client.await("unsubscribed", WAIT);
        assertThat(unsubscribed.getString("jobId")).isEqualTo(dropped);
        assertThat(unsubscribed.containsKey("id")).isFalse();
        List<JsonObject> frames = client.messages();
        assertThat(frames.indexOf(unsubscribed)).isGreaterThan(frames.indexOf(refreshed));

        api.publish(dropped, "step", "{}");
        api.publish(kept, "step", "{}");
        client.awaitSeq(kept, 1, WAIT);
        assertThat(client.eventSeqs(dropped)).isEmpty();
    }

    @Test
    void anInvalidTokenIsUnauthorizedAndTheConnectionGoesOnWithItsToken() {
        String job = newJob("keep");
        WsClient client = connectWith(token("alice", Duration.ofMinutes(5), job));
        client.subscribe(job, null, null);
        awaitCaughtUp(client, job);
        long before = api.rejections("UNAUTHORIZED");

        client.refresh("not-a-token", "bad");
        String forged = new JwtTokenIssuer("a-different-secret-of-enough-length-123").issue(Set.of(Scope.SUBSCRIBE),
                List.of("*"), Duration.ofMinutes(5), Optional.of("alice"), Instant.now());
        client.refresh(forged, "forged");
        client.refresh(token("alice", Duration.ofSeconds(-5), job), "stale");

        for (String id : List.of("bad", "forged", "stale")) {
            JsonObject error = awaitReply(client, id);
            assertThat(error.getString("code")).as(id).isEqualTo("UNAUTHORIZED");
        }
        assertThat(client.messages().toString()).doesNotContain(forged);
        api.publish(job, "step", "{}");
        client.awaitSeq(job, 1, WAIT);
        assertThat(client.isClosed()).isFalse();
        assertThat(api.rejections("UNAUTHORIZED")).isEqualTo(before + 3);
    }

    @Test
    void aTokenOfAnotherSubIsForbiddenAndTheConnectionStays() {
        String job = newJob("sub");
        WsClient client = connectWith(token("alice", Duration.ofMinutes(5), job));
        client.subscribe(job, null, null);
        awaitCaughtUp(client, job);

        client.refresh(token("mallory", Duration.ofHours(1), "*"), "r1");

        JsonObject error = awaitReply(client, "r1");
        assertThat(error.getString("code")).isEqualTo("FORBIDDEN");
        assertThat(error.getString("message")).contains("sub");
        api.publish(job, "step", "{}");
        client.awaitSeq(job, 1, WAIT);
        assertThat(client.isClosed()).isFalse();
        assertThat(client.messages("unsubscribed")).isEmpty();
    }

    @Test
    void anExpiredTokenIsAnnouncedTheConnectionKeepsReceivingThenClosesWith4401AfterTheGrace() {
        String job = newJob("expiring");
        String later = newJob("later");
        WsClient client = connectWith(token("alice", Duration.ofSeconds(3), job, later));
        client.subscribe(job, null, null);
        awaitCaughtUp(client, job);

        JsonObject expired = client.awaitError("TOKEN_EXPIRED", WAIT);
        long expiredAt = System.nanoTime();
        assertThat(expired.getString("message")).contains("refresh");
        assertThat(client.isClosed()).isFalse();
        api.publish(job, "step", "{}");
        client.awaitSeq(job, 1, WAIT);
        client.subscribe(later, null, "late");
        JsonObject refused = awaitReply(client, "late");
        assertThat(refused.getString("code")).isEqualTo("TOKEN_EXPIRED");
        assertThat(refused.getString("jobId")).isEqualTo(later);

        assertThat(client.awaitClose(WAIT)).hasValue(4401);
        long graceMs = (System.nanoTime() - expiredAt) / 1_000_000;
        assertThat(graceMs).as("time from TOKEN_EXPIRED to the close").isBetween(GRACE_MS - 300, GRACE_MS + 3_000);
        assertThat(client.awaitError("UNAUTHORIZED", WAIT).getString("message")).contains("not refreshed");
        assertThat(api.get("/metrics").body()).contains("herald_token_expirations_total", "herald_token_expiry_closes_total");
    }

    @Test
    void aRefreshWithinTheGraceKeepsTheConnection() {
        String job = newJob("renewed");
        WsClient client = connectWith(token("alice", Duration.ofSeconds(3), job));
        client.subscribe(job, null, null);
        awaitCaughtUp(client, job);
        client.awaitError("TOKEN_EXPIRED", WAIT);

        client.refresh(token("alice", Duration.ofMinutes(10), job), "r1");
        assertThat(awaitReply(client, "r1").getString("type")).isEqualTo("refreshed");

        sleep(GRACE_MS + 1_000); // past the end of the grace the old token had
        assertThat(client.isClosed()).isFalse();
        api.publish(job, "step", "{}");
        client.awaitSeq(job, 1, WAIT);
        assertThat(client.messages("error")).extracting(m -> m.getString("code")).containsExactly("TOKEN_EXPIRED");
    }
}
