package dev.herald.application.service.operations;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.GatewayMetrics;
import dev.herald.application.port.in.ReadGatewayMetricsUseCase;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.EventBusState;
import dev.herald.application.service.auth.Authenticator;
import dev.herald.application.service.clients.ClientRegistry;
import dev.herald.application.service.clients.GatewayLifecycle;
import dev.herald.application.service.delivery.JobRooms;
import dev.herald.domain.auth.Scope;

import java.time.Clock;

public final class ReadGatewayMetricsService implements ReadGatewayMetricsUseCase {

    private final ClientRegistry clients;
    private final JobRooms rooms;
    private final GatewayStatistics statistics;
    private final EventBus bus;
    private final GatewayLifecycle lifecycle;
    private final Authenticator authenticator;
    private final Clock clock;

    public ReadGatewayMetricsService(ClientRegistry clients, JobRooms rooms, GatewayStatistics statistics, EventBus bus,
                              GatewayLifecycle lifecycle, Authenticator authenticator, Clock clock) {
        this.clients = clients;
        this.rooms = rooms;
        this.statistics = statistics;
        this.bus = bus;
        this.lifecycle = lifecycle;
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @Override
    public GatewayMetrics metrics(Credentials credentials) {
        authenticator.authorize(credentials, Scope.ADMIN, clock.instant());
        EventBusState busState = bus.state();
        return new GatewayMetrics(clients.size(), rooms.totalSubscribers(), rooms.subscriptionsByJob(),
                clients.connectionsByOrigin(), statistics.rejections(), statistics.lastCatchUp(),
                new GatewayMetrics.EventBusStatus(busState.connected(), busState.reconnects()),
                statistics.gapRepairs(), statistics.eventsPublished(), statistics.eventsDelivered(),
                lifecycle.draining(), lifecycle.maintenance().enabled());
    }
}
