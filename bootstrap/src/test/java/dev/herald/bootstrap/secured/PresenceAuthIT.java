package dev.herald.bootstrap.secured;

import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import dev.herald.domain.auth.Scope;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Presence with auth on (the secured server's {@code chat} namespace has presence): a member's
 * {@code user} is its token's {@code sub}, two tabs are two members, and the REST read needs a
 * token with {@code subscribe} and the job, or {@code admin}.
 */
class PresenceAuthIT extends SecuredGatewayIT {

    private WsClient member(String channel) {
        WsClient client = connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(subscriberToken(channel)));
        client.subscribe(channel, null, null);
        client.await("caught-up", WAIT);
        return client;
    }

    @Test
    void membersCarryTheirTokensSubAndEveryTabCounts() {
        String channel = "chat:auth-" + System.nanoTime();
        WsClient tab1 = member(channel);
        member(channel);
        tab1.send("{\"type\":\"presence\",\"jobId\":\"" + channel + "\",\"id\":\"p\"}");
        JsonObject answer = tab1.await("presence", WAIT);
        List<JsonObject> members = answer.getJsonArray("members").getValuesAs(JsonObject.class);
        assertThat(members).hasSize(2).allSatisfy(m -> assertThat(m.getString("user")).isEqualTo("e2e"));
        assertThat(members.get(0).getString("clientId")).isNotEqualTo(members.get(1).getString("clientId"));
    }

    @Test
    void theRestReadNeedsSubscribeOnTheJobOrAdmin() {
        String channel = "chat:rest-" + System.nanoTime();
        member(channel);
        String path = "/api/jobs/" + channel + "/presence";
        GatewayApi anonymous = new GatewayApi(api.base());

        HttpResponse<String> noToken = anonymous.get(path);
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(GatewayApi.json(noToken.body()).getString("code")).isEqualTo("UNAUTHORIZED");
        HttpResponse<String> otherJob = anonymous.withToken(subscriberToken("chat:elsewhere")).get(path);
        assertThat(otherJob.statusCode()).isEqualTo(403);
        assertThat(GatewayApi.json(otherJob.body()).getString("code")).isEqualTo("FORBIDDEN");
        String publisher = token(Set.of(Scope.PUBLISH), List.of(channel), Duration.ofMinutes(1));
        assertThat(anonymous.withToken(publisher).get(path).statusCode()).isEqualTo(403);

        HttpResponse<String> subscriber = anonymous.withToken(subscriberToken(channel)).get(path);
        assertThat(subscriber.statusCode()).as(subscriber.body()).isEqualTo(200);
        assertThat(GatewayApi.json(subscriber.body()).getInt("count")).isEqualTo(1);
        String admin = token(Set.of(Scope.ADMIN), List.of(), Duration.ofMinutes(1));
        HttpResponse<String> byAdmin = anonymous.withToken(admin).get(path);
        assertThat(byAdmin.statusCode()).isEqualTo(200);
        assertThat(byAdmin.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(GatewayApi.json(byAdmin.body()).getJsonArray("members").getJsonObject(0).getString("user"))
                .isEqualTo("e2e");
    }
}
