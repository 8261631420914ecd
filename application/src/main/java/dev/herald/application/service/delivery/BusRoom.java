package dev.herald.application.service.delivery;

import dev.herald.application.port.out.BusSubscription;
import dev.herald.application.port.out.EventBus;
import dev.herald.domain.job.JobId;

import java.util.Arrays;
import java.util.List;

/**
 * The local members of one channel and this instance's hold on the channel's messages from the bus:
 * the first member takes the hold, the last one to leave releases it and closes the room (a closed
 * room takes no member; the caller makes a new one). The member array is copied on change and read
 * without locking, so fan-out never waits for a join or leave.
 *
 * @param <M> a member: a durable job's {@link LiveSubscription} or an ephemeral channel's {@link RelaySubscription}
 */
abstract class BusRoom<M> {

    private final JobId jobId;
    private volatile M[] members;
    private BusSubscription busSubscription;
    private boolean closed;

    /** @param empty an empty array of the member type (the room's arrays are copied from it) */
    BusRoom(JobId jobId, M[] empty) {
        this.jobId = jobId;
        this.members = empty;
    }

    /** Subscribes this room to its channel's messages on the bus. */
    abstract BusSubscription holdOnBus(EventBus bus);

    final JobId jobId() {
        return jobId;
    }

    /** The members now, for a fan-out: never changed in place. */
    final M[] current() {
        return members;
    }

    /**
     * Adds a member; the first one subscribes the room to the bus (for a durable job, before any
     * catch-up reads the store). False when the room was emptied and closed meanwhile.
     */
    final synchronized boolean add(M member, EventBus bus) {
        if (closed) {
            return false;
        }
        M[] next = Arrays.copyOf(members, members.length + 1);
        next[members.length] = member;
        members = next;
        if (busSubscription == null) {
            busSubscription = holdOnBus(bus);
        }
        return true;
    }

    /** Removes a member. True when the room is now empty and closed (its bus hold released). */
    final synchronized boolean remove(M member) {
        M[] current = members;
        int index = Arrays.asList(current).indexOf(member);
        if (index < 0) {
            return false;
        }
        M[] next = Arrays.copyOf(current, current.length - 1);
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

    final List<M> members() {
        return List.of(members);
    }

    final int size() {
        return members.length;
    }
}
