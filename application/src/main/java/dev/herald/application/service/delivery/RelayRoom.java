package dev.herald.application.service.delivery;

import dev.herald.application.port.out.BusSubscription;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobId;

/**
 * The local members of one ephemeral channel and this instance's hold on its relayed events. When
 * the last member leaves, the hold is released and the room is dropped: nothing of the channel is kept.
 */
final class RelayRoom extends BusRoom<RelaySubscription> {

    RelayRoom(JobId jobId) {
        super(jobId, new RelaySubscription[0]);
    }

    @Override
    BusSubscription holdOnBus(EventBus bus) {
        return bus.subscribeRelayed(jobId(), this::onRelayed);
    }

    void onRelayed(RelayedEvent event) {
        ServerMessage.Relayed message = new ServerMessage.Relayed(event);
        for (RelaySubscription member : current()) {
            member.onRelayed(message);
        }
    }
}
