package dev.herald.application.service.publishing;

import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.service.clients.GatewayLifecycle;
import dev.herald.application.service.delivery.JobRooms;
import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.channel.RelayedEvent;

/**
 * Forward only, for ephemeral channels: the event goes to the bus, which brings it to the channel's
 * members on every instance (this one included); nothing is stored. When the bus cannot take it,
 * this instance's members still get it, the other instances' miss it (there is nothing to repair
 * from). The payload is never logged.
 */
public final class EphemeralRelay {

    private static final System.Logger LOG = System.getLogger(EphemeralRelay.class.getName());

    private final EventBus bus;
    private final JobRooms rooms;
    private final ChannelPolicy policy;
    private final Telemetry telemetry;
    private final GatewayLifecycle lifecycle;

    public EphemeralRelay(EventBus bus, JobRooms rooms, ChannelPolicy policy, Telemetry telemetry, GatewayLifecycle lifecycle) {
        this.lifecycle = lifecycle;
        this.bus = bus;
        this.rooms = rooms;
        this.policy = policy;
        this.telemetry = telemetry;
    }

    /** @throws dev.herald.domain.error.RejectedException {@code MAINTENANCE} while maintenance is on */
    void relay(RelayedEvent event) {
        lifecycle.refusePublishInMaintenance(event.jobId());
        String namespace = policy.namespaceLabel(event.jobId());
        try {
            bus.relay(event);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.WARNING, "Relay through the bus failed for namespace " + namespace + " channel "
                    + event.jobId() + " client " + event.from().map(f -> f.clientId().value()).orElse("(REST)") + " ("
                    + e.getMessage() + "); relayed to this instance's members only");
            telemetry.busPublishFailed(event.jobId());
            rooms.relayLocally(event);
        }
        telemetry.eventRelayed(namespace);
    }
}
