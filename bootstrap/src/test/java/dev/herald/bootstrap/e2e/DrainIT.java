package dev.herald.bootstrap.e2e;

import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import jakarta.json.JsonObject;
import org.junit.jupiter.api.Test;

import java.net.http.HttpResponse;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The operator's drain ({@code POST /api/realtime/drain}, e.g. from a preStop hook): clients are
 * told SHUTTING_DOWN and closed with 1001, newcomers are refused, readiness turns DOWN. (Each test
 * class gets a fresh deployment, so the drained instance does not outlive this class.)
 */
class DrainIT extends GatewayIT {

    @Test
    void aDrainClosesEveryClientWith1001RefusesNewcomersAndTurnsReadinessDown() {
        String job = newJob("drain");
        WsClient one = connect();
        WsClient two = connect();
        one.subscribe(job, null, null);
        two.subscribe(job, null, null);
        one.await("caught-up", WAIT);
        two.await("caught-up", WAIT);

        HttpResponse<String> drained = api.post("/api/realtime/drain", "", null);
        assertThat(drained.statusCode()).isEqualTo(202);
        JsonObject body = GatewayApi.json(drained.body());
        assertThat(body.getBoolean("draining")).isTrue();
        assertThat(body.getInt("connections")).isEqualTo(2);

        for (WsClient client : new WsClient[]{one, two}) {
            assertThat(client.awaitError("SHUTTING_DOWN", WAIT).getString("message")).contains("shutting down");
            assertThat(client.awaitClose(WAIT)).hasValue(1001);
        }
        assertThat(api.get("/health/ready").statusCode()).isEqualTo(503);
        assertThat(api.metrics().getBoolean("draining")).isTrue();

        WsClient late = connect();
        late.awaitError("SHUTTING_DOWN", WAIT);
        assertThat(late.awaitClose(WAIT)).hasValue(1001);

        // publishing still works: the events are stored and reach clients wherever they reconnect
        assertThat(api.publish(job, "after.drain", "{}").getInt("seq")).isEqualTo(1);
    }
}
