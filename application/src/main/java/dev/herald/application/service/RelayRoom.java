package dev.herald.application.service;

import dev.herald.application.port.out.BusSubscription;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.job.JobId;

import java.util.Arrays;
import java.util.List;

/**
 * The local members of one ephemeral channel and this instance's hold on its relayed events. When
 * the last member leaves, the hold is released and the room is dropped: nothing of the channel is
 * kept. The member array is copied on change and read without locking, as in {@link JobRoom}.
 */
final class RelayRoom {

    private static final RelaySubscription[] EMPTY = new RelaySubscription[0];

    private final JobId jobId;
    private volatile RelaySubscription[] members = EMPTY;
    private BusSubscription busSubscription;
    private boolean closed;

    RelayRoom(JobId jobId) {
        this.jobId = jobId;
    }

    JobId jobId() {
        return jobId;
    }

    /** Adds a member; the first one subscribes the room to the bus. False when the room closed meanwhile. */
    synchronized boolean add(RelaySubscription subscription, EventBus bus) {
        if (closed) {
            return false;
        }
        RelaySubscription[] next = Arrays.copyOf(members, members.length + 1);
        next[members.length] = subscription;
        members = next;
        if (busSubscription == null) {
            busSubscription = bus.subscribeRelayed(jobId, this::onRelayed);
        }
        return true;
    }

    /** Removes a member. True when the room is now empty and closed (its bus hold released). */
    synchronized boolean remove(RelaySubscription subscription) {
        RelaySubscription[] current = members;
        int index = Arrays.asList(current).indexOf(subscription);
        if (index < 0) {
            return false;
        }
        RelaySubscription[] next = new RelaySubscription[current.length - 1];
        System.arraycopy(current, 0, next, 0, index);
        System.arraycopy(current, index + 1, next, index, current.length - index - 1);
        members = next;
        if (next.length > 0) {
            return false;
        }
        closed = true;
        if (busSubscription != null) {
            busSubscription.cancel();
            busSubscription = null;
        }
        return true;
    }

    void onRelayed(RelayedEvent event) {
        ServerMessage.Relayed message = new ServerMessage.Relayed(event);
        for (RelaySubscription member : members) {
            member.onRelayed(message);
        }
    }

    List<RelaySubscription> members() {
        return List.of(members);
    }

    int size() {
        return members.length;
    }
}
