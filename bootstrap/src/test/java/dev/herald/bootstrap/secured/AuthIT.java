package dev.herald.bootstrap.secured;

import dev.herald.adapter.jwt.JwtTokenIssuer;
import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import dev.herald.domain.auth.Scope;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** With a shared secret configured, nothing is reachable without the right token. */
class AuthIT extends SecuredGatewayIT {

    private void assertUnauthorized(WsClient client) {
        assertThat(client.awaitError("UNAUTHORIZED", WAIT).getString("message")).isNotBlank();
        assertThat(client.awaitClose(WAIT)).hasValue(4401);
    }

    @Test
    void aConnectionNeedsAValidTokenWithTheSubscribeScope() {
        assertUnauthorized(connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN)));
        assertUnauthorized(connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token("not-a-token")));
        String forged = new JwtTokenIssuer("a-different-secret-of-enough-length-123").issue(Set.of(Scope.SUBSCRIBE),
                List.of("*"), Duration.ofMinutes(5), Optional.empty(), Instant.now());
        assertUnauthorized(connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(forged)));
        String expired = new JwtTokenIssuer(SECRET).issue(Set.of(Scope.SUBSCRIBE), List.of("*"), Duration.ofSeconds(-5),
                Optional.empty(), Instant.now());
        assertUnauthorized(connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(expired)));
        String publishOnly = token(Set.of(Scope.PUBLISH), List.of("*"), Duration.ofMinutes(5));
        assertUnauthorized(connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(publishOnly)));
    }

    @Test
    void aTokenWorksAsQueryParameterOrBearerHeaderAndOnlyForItsJobs() {
        String mine = newJob("mine");
        String theirs = newJob("theirs");
        WsClient byQuery = connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(subscriberToken(mine)));
        WsClient byHeader = connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).bearer(subscriberToken(mine)));
        for (WsClient client : List.of(byQuery, byHeader)) {
            client.subscribe(theirs, null, "t");
            JsonObject forbidden = client.awaitError("FORBIDDEN", WAIT);
            assertThat(forbidden.getString("id")).isEqualTo("t");
            assertThat(forbidden.getString("jobId")).isEqualTo(theirs);
            client.subscribe(mine, null, "m");
            client.await("caught-up", WAIT);
            assertThat(client.isClosed()).isFalse();
        }
        api.publish(mine, "step", "{}");
        byQuery.awaitSeq(mine, 1, WAIT);
        byHeader.awaitSeq(mine, 1, WAIT);
    }

    @Test
    void tokensSignedWithThePreviousSecretStillWorkDuringARotation() {
        String job = newJob("rotation");
        String old = new JwtTokenIssuer(PREVIOUS_SECRET).issue(Set.of(Scope.SUBSCRIBE, Scope.PUBLISH), List.of(job),
                Duration.ofMinutes(5), Optional.empty(), Instant.now());
        WsClient client = connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(old));
        client.subscribe(job, null, null);
        client.await("caught-up", WAIT);
        new GatewayApi(api.base()).withToken(old).publish(job, "step", "{}");
        client.awaitSeq(job, 1, WAIT);
    }

    @Test
    void restCallsNeedTheRightScopeAndJob() {
        String job = newJob("rest");
        GatewayApi anonymous = new GatewayApi(api.base());
        String body = "{\"eventType\":\"step\",\"payload\":{}}";

        HttpResponse<String> noToken = anonymous.post("/api/jobs/" + job + "/events", body, "application/json");
        assertThat(noToken.statusCode()).isEqualTo(401);
        assertThat(noToken.headers().firstValue("WWW-Authenticate")).hasValue("Bearer");
        assertThat(GatewayApi.json(noToken.body()).getString("code")).isEqualTo("UNAUTHORIZED");

        GatewayApi subscriber = anonymous.withToken(subscriberToken(job));
        assertThat(subscriber.post("/api/jobs/" + job + "/events", body, "application/json").statusCode()).isEqualTo(403);
        GatewayApi otherPublisher = anonymous.withToken(token(Set.of(Scope.PUBLISH), List.of("other"), Duration.ofMinutes(1)));
        HttpResponse<String> wrongJob = otherPublisher.post("/api/jobs/" + job + "/events", body, "application/json");
        assertThat(wrongJob.statusCode()).isEqualTo(403);
        assertThat(GatewayApi.json(wrongJob.body()).getString("code")).isEqualTo("FORBIDDEN");
        GatewayApi publisher = anonymous.withToken(token(Set.of(Scope.PUBLISH), List.of(job), Duration.ofMinutes(1)));
        assertThat(publisher.post("/api/jobs/" + job + "/events", body, "application/json").statusCode()).isEqualTo(201);

        assertThat(anonymous.get("/api/jobs/" + job).statusCode()).isEqualTo(401);
        assertThat(subscriber.get("/api/jobs/" + job).statusCode()).isEqualTo(200);
        assertThat(subscriber.get("/api/jobs/" + job + "/events").statusCode()).isEqualTo(200);
        assertThat(publisher.get("/api/jobs/" + job).statusCode()).isEqualTo(403);

        assertThat(anonymous.get("/api/realtime/metrics").statusCode()).isEqualTo(401);
        assertThat(subscriber.get("/api/realtime/metrics").statusCode()).isEqualTo(403);
        assertThat(api.get("/api/realtime/metrics").statusCode()).isEqualTo(200);
        assertThat(subscriber.post("/api/realtime/drain", "", null).statusCode()).isEqualTo(403);
        assertThat(anonymous.post("/api/realtime/drain", "", null).statusCode()).isEqualTo(401);
    }

    @Test
    void onlyAllowedOriginsMayConnect() {
        WsClient evil = connect(client().origin("https://evil.example"));
        assertThat(evil.awaitError("ORIGIN_NOT_ALLOWED", WAIT).getString("message")).isEqualTo("Origin not allowed");
        assertThat(evil.awaitClose(WAIT)).hasValue(4403);
        assertThat(connect(client().origin("https://OTHER.example/")).isClosed()).isFalse();
        WsClient tool = connect(client().origin(null)); // not a browser: no Origin header
        tool.send("{\"type\":\"ping\",\"id\":\"t\"}");
        tool.await("pong", WAIT);
    }

    @Test
    void anAddressOpeningConnectionsTooFastIsSlowedDown() {
        long before = api.rejections("IP_LIMIT");
        for (int i = 0; i < 5; i++) {
            WsClient ok = connect(client().address("198.51.100.77"));
            ok.send("{\"type\":\"ping\",\"id\":\"ok\"}");
            ok.await("pong", WAIT);
            ok.close();
        }
        WsClient sixth = connect(client().address("198.51.100.77"));
        assertThat(sixth.awaitError("IP_LIMIT", WAIT).getString("message")).contains("Too many new connections");
        assertThat(sixth.awaitClose(WAIT)).hasValue(4429);
        assertThat(api.rejections("IP_LIMIT")).isEqualTo(before + 1);
    }

    @Test
    void tokensAndPayloadsNeverReachTheLog() throws Exception {
        String job = newJob("secret-log");
        String marker = "payload-marker-" + System.nanoTime();
        String token = subscriberToken(job);
        WsClient client = connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(token));
        client.subscribe(job, null, null);
        client.await("caught-up", WAIT);
        api.publish(job, "step", "{\"secret\":\"" + marker + "\"}");
        client.awaitSeq(job, 1, WAIT);
        connect(WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(token + "tampered")).awaitClose(WAIT);
        api.post("/api/jobs/" + job + "/events", "{\"eventType\":\"x\",\"payload\":\"" + marker + "\"", "application/json");
        Path logs = Path.of("target/liberty/wlp/usr/servers/" + System.getProperty("herald.it.server", "herald-arq") + "/logs");
        String signature = token.substring(token.lastIndexOf('.') + 1);
        try (var files = Files.list(logs)) {
            for (Path log : files.filter(p -> p.getFileName().toString().endsWith(".log")).toList()) {
                String text = Files.readString(log);
                assertThat(text).as(log.toString()).doesNotContain(marker).doesNotContain(signature);
            }
        }
    }
}
