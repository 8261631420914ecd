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

/**
 * Client publishing with auth on (arquillian.xml: chat ephemeral and game durable, both with client
 * publishing): a token needs the publish scope and the job, and its {@code sub} is the
 * {@code user} every receiver sees in {@code from}.
 */
class ChannelsAuthIT extends SecuredGatewayIT {

    private WsClient as(String subject, Set<Scope> scopes, String... jobs) {
        String token = new JwtTokenIssuer(SECRET).issue(scopes, List.of(jobs), Duration.ofMinutes(10),
                Optional.ofNullable(subject), Instant.now());
        return connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(token));
    }

    @Test
    void theSendersUserIsTheTokensSubject() {
        String room = "chat:" + newJob("auth");
        WsClient ann = as("ann@example.com", Set.of(Scope.SUBSCRIBE, Scope.PUBLISH), room);
        WsClient ben = as(null, Set.of(Scope.SUBSCRIBE, Scope.PUBLISH), room);
        ann.subscribe(room, null, null);
        ben.subscribe(room, null, null);
        ann.await("caught-up", WAIT);
        ben.await("caught-up", WAIT);

        ann.publish(room, "chat.message", "{\"ciphertext\":\"x\"}", "a1");
        ben.publish(room, "chat.message", "{\"ciphertext\":\"y\"}", "b1");
        JsonObject atBen = ben.await("event", WAIT);
        JsonObject atAnn = ann.await("event", WAIT);
        assertThat(atBen.getJsonObject("from").getString("user")).isEqualTo("ann@example.com");
        assertThat(atAnn.getJsonObject("from").isNull("user")).isTrue();
    }

    @Test
    void aTokenWithoutThePublishScopeOrTheJobIsForbiddenAndTheConnectionStays() {
        String room = "game:" + newJob("auth");
        WsClient listener = as("lis", Set.of(Scope.SUBSCRIBE), room);
        WsClient elsewhere = as("els", Set.of(Scope.SUBSCRIBE, Scope.PUBLISH), "game:other");
        listener.publish(room, "player.ready", "{}", "no-scope");
        elsewhere.publish(room, "player.ready", "{}", "no-job");

        JsonObject noScope = listener.await("refusal", m -> "no-scope".equals(m.getString("id", null)), WAIT);
        assertThat(noScope.getString("code")).isEqualTo("FORBIDDEN");
        assertThat(noScope.getString("message")).contains("publish");
        assertThat(noScope.getString("jobId")).isEqualTo(room);
        JsonObject noJob = elsewhere.await("refusal", m -> "no-job".equals(m.getString("id", null)), WAIT);
        assertThat(noJob.getString("code")).isEqualTo("FORBIDDEN");
        assertThat(api.get("/api/jobs/" + room).statusCode()).isEqualTo(404);

        listener.subscribe(room, null, "still-allowed");
        assertThat(listener.await("subscribed", WAIT).getString("id")).isEqualTo("still-allowed");
        assertThat(elsewhere.isClosed()).isFalse();
    }
}
