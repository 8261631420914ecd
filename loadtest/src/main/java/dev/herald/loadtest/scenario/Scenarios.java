package dev.herald.loadtest.scenario;

import java.util.List;
import java.util.Optional;

/** Every scenario the harness has, by name, in the order the help lists them. */
public final class Scenarios {

    public static final List<String> SUITE = List.of("catch-up-burst", "broadcast-burst", "broker-outage");

    private Scenarios() {
    }

    public static List<Scenario> all() {
        return List.of(QuotaScenario.connections(), QuotaScenario.perOrigin(), new SubscriptionCapScenario(),
                new IdleEvictionScenario(), new CatchUpBurstScenario(), BroadcastScenario.burst(),
                BroadcastScenario.brokerOutage(), new CapacityScenario());
    }

    public static Optional<Scenario> named(String name) {
        return all().stream().filter(s -> s.name().equals(name)).findFirst();
    }
}
