package dev.herald.application.service;

import dev.herald.application.port.out.EventBus;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/** Every job this instance has local subscribers for. */
final class JobRooms {

    private final Map<JobId, JobRoom> rooms = new ConcurrentHashMap<>();
    private final EventBus bus;

    JobRooms(EventBus bus) {
        this.bus = bus;
    }

    void join(LiveSubscription subscription) {
        while (true) {
            JobRoom room = rooms.computeIfAbsent(subscription.jobId(), JobRoom::new);
            if (room.add(subscription, bus)) {
                return;
            }
            // the room emptied and closed between lookup and add: it is leaving the map
            rooms.remove(subscription.jobId(), room);
        }
    }

    void leave(LiveSubscription subscription) {
        JobRoom room = rooms.get(subscription.jobId());
        if (room != null && room.remove(subscription)) {
            rooms.remove(subscription.jobId(), room);
        }
    }

    /** Fans an event out to this instance's subscribers without the bus (used when the bus is down). */
    void deliverLocally(JobEvent event) {
        JobRoom room = rooms.get(event.jobId());
        if (room != null) {
            room.onLive(event);
        }
    }

    Set<JobId> jobs() {
        return Set.copyOf(rooms.keySet());
    }

    Collection<JobRoom> all() {
        return List.copyOf(rooms.values());
    }

    int totalSubscribers() {
        int total = 0;
        for (JobRoom room : rooms.values()) {
            total += room.size();
        }
        return total;
    }

    Map<String, Integer> subscriptionsByJob() {
        Map<String, Integer> byJob = new HashMap<>();
        for (JobRoom room : rooms.values()) {
            int size = room.size();
            if (size > 0) {
                byJob.put(room.jobId().value(), size);
            }
        }
        return byJob;
    }
}
