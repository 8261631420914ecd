package dev.herald.application.service.delivery;

import dev.herald.application.port.out.BusSubscription;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

/** The local subscribers of one durable job and this instance's hold on the job's live events. */
final class JobRoom extends BusRoom<LiveSubscription> {

    JobRoom(JobId jobId) {
        super(jobId, new LiveSubscription[0]);
    }

    @Override
    BusSubscription holdOnBus(EventBus bus) {
        return bus.subscribe(jobId(), this::onLive);
    }

    void onLive(JobEvent event) {
        // one message for every member: the transport can encode it once
        ServerMessage.Event message = new ServerMessage.Event(event, false);
        for (LiveSubscription member : current()) {
            member.onLive(message);
        }
    }
}
