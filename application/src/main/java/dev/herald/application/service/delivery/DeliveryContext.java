package dev.herald.application.service.delivery;

import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.EventStore;
import dev.herald.application.port.out.TaskScheduler;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.settings.GatewaySettings;

import java.time.Clock;

/** What every {@link LiveSubscription} needs, shared by all of them. */
public record DeliveryContext(EventStore store, ClientChannel channel, TaskScheduler tasks, Telemetry telemetry,
                       Clock clock, GatewaySettings settings) {
}
