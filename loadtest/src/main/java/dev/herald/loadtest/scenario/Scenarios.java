package dev.herald.loadtest.scenario;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every scenario the harness has, by name, in the order the help lists them. */
public final class Scenarios {

    public static final List<String> SUITE = List.of("catch-up-burst", "broadcast-burst", "broker-outage");

    /**
     * What the suite runs a scenario with unless configured otherwise: its broadcast is a true burst
     * (every event at once, 16 in flight, latency from the burst's start), what a user of a burst sees.
     */
    private static final Map<String, Map<String, String>> SUITE_DEFAULTS = Map.of(
            "broadcast-burst", Map.of("burst", "true"));

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(QuotaScenario.connections(), QuotaScenario.perOrigin(), new SubscriptionCapScenario(),
                new IdleEvictionScenario(), new CatchUpBurstScenario(), BroadcastScenario.burst(),
                BroadcastScenario.brokerOutage(), new CapacityScenario(), new RelayRoomsScenario());
    }

    public static Map<String, String> suiteDefaults(String scenario) {
        return SUITE_DEFAULTS.getOrDefault(scenario, Map.of());
    }

    public static Optional<Scenario> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
