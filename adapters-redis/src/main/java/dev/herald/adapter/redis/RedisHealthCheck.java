package dev.herald.adapter.redis;

import dev.herald.application.port.out.EventBusState;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The event bus's health check, {@code event-bus}. Always UP: during a broker outage the gateway
 * keeps serving (publishes are stored, subscribers are repaired from the store after the
 * reconnect), so taking the instance out of rotation would only make things worse. The outage
 * shows in the data instead: {@code connected}, {@code reconnects}, {@code reconnectAttempts},
 * {@code lastError}, plus {@code publishFailures}, {@code malformedMessages}, {@code subscribedJobs}
 * and {@code broker} (host:port, never credentials). A plain class: bootstrap produces it as a
 * readiness check.
 */
public final class RedisHealthCheck implements HealthCheck {

    public static final String NAME = "event-bus";

    private final RedisEventBus bus;

    public RedisHealthCheck(RedisEventBus bus) {
        this.bus = Objects.requireNonNull(bus, "bus");
    }

    @Override
    public HealthCheckResponse call() {
        EventBusState state = bus.state();
        Map<String, Object> data = new LinkedHashMap<>();
        data.put("connected", state.connected());
        data.put("reconnects", state.reconnects());
        data.put("reconnectAttempts", state.reconnectAttempts());
        data.put("lastError", state.lastError().orElse("none"));
        data.put("publishFailures", bus.publishFailures());
        data.put("malformedMessages", bus.malformedMessages());
        data.put("subscribedJobs", (long) bus.subscribedJobs());
        data.put("broker", bus.brokerAddress());
        // the constructor, not HealthCheckResponse.named(): that needs a provider found at run time
        return new HealthCheckResponse(NAME, HealthCheckResponse.Status.UP, Optional.of(data));
    }
}
