package dev.herald.application.service.delivery;

import dev.herald.application.port.out.EventBus;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Every channel this instance has local subscribers for: the rooms of durable jobs, and the rooms
 * of ephemeral channels, which exist only while they have a member here.
 */
public final class JobRooms {

    private final Map<JobId, JobRoom> rooms = new ConcurrentHashMap<>();
    private final Map<JobId, RelayRoom> relayRooms = new ConcurrentHashMap<>();
    private final EventBus bus;

    public JobRooms(EventBus bus) {
        this.bus = bus;
    }

    public void join(LiveSubscription subscription) {
        while (true) {
            JobRoom room = rooms.computeIfAbsent(subscription.jobId(), JobRoom::new);
            if (room.add(subscription, bus)) {
                return;
            }
            // the room emptied and closed between lookup and add: it is leaving the map
            rooms.remove(subscription.jobId(), room);
        }
    }

    public void leave(LiveSubscription subscription) {
        JobRoom room = rooms.get(subscription.jobId());
        if (room != null && room.remove(subscription)) {
            rooms.remove(subscription.jobId(), room);
        }
    }

    /** @return true when this member opened the channel's room on this instance (it had no member here) */
    public boolean join(RelaySubscription subscription) {
        while (true) {
            boolean[] created = new boolean[1];
            RelayRoom room = relayRooms.computeIfAbsent(subscription.jobId(), id -> {
                created[0] = true;
                return new RelayRoom(id);
            });
            if (room.add(subscription, bus)) {
                return created[0];
            }
            relayRooms.remove(subscription.jobId(), room);
        }
    }

    /** @return true when the channel's room on this instance is now empty and gone */
    public boolean leave(RelaySubscription subscription) {
        RelayRoom room = relayRooms.get(subscription.jobId());
        if (room != null && room.remove(subscription)) {
            relayRooms.remove(subscription.jobId(), room);
            return true;
        }
        return false;
    }

    /** Does the ephemeral channel have a member on this instance? */
    public boolean hasRelayMembers(JobId jobId) {
        RelayRoom room = relayRooms.get(jobId);
        return room != null && room.size() > 0;
    }

    /** Relays an event to this instance's members without the bus (used when the bus is down). */
    public void relayLocally(RelayedEvent event) {
        RelayRoom room = relayRooms.get(event.jobId());
        if (room != null) {
            room.onRelayed(event);
        }
    }

    /** Ephemeral channels with a member on this instance. */
    int relayChannels() {
        return relayRooms.size();
    }

    /** Fans an event out to this instance's subscribers without the bus (used when the bus is down). */
    public void deliverLocally(JobEvent event) {
        JobRoom room = rooms.get(event.jobId());
        if (room != null) {
            room.onLive(event);
        }
    }

    /** The durable jobs followed here (what reconciliation reads heads for). */
    Set<JobId> jobs() {
        return Set.copyOf(rooms.keySet());
    }

    /** The durable jobs' rooms. */
    Collection<JobRoom> all() {
        return List.copyOf(rooms.values());
    }

    public int totalSubscribers() {
        int total = 0;
        for (JobRoom room : rooms.values()) {
            total += room.size();
        }
        for (RelayRoom room : relayRooms.values()) {
            total += room.size();
        }
        return total;
    }

    public Map<String, Integer> subscriptionsByJob() {
        Map<String, Integer> byJob = new HashMap<>();
        for (JobRoom room : rooms.values()) {
            int size = room.size();
            if (size > 0) {
                byJob.put(room.jobId().value(), size);
            }
        }
        for (RelayRoom room : relayRooms.values()) {
            int size = room.size();
            if (size > 0) {
                byJob.put(room.jobId().value(), size);
            }
        }
        return byJob;
    }
}
