package dev.herald.application.service;

import dev.herald.application.port.out.BusSubscription;
import dev.herald.application.port.out.EventBus;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.util.Arrays;
import java.util.List;

/**
 * The local subscribers of one job and this instance's hold on the job's live events. The member
 * array is copied on change and read without locking, so fan-out never waits for a join or leave.
 */
final class JobRoom {

    private static final LiveSubscription[] EMPTY = new LiveSubscription[0];

    private final JobId jobId;
    private volatile LiveSubscription[] members = EMPTY;
    private BusSubscription busSubscription;
    private boolean closed;

    JobRoom(JobId jobId) {
        this.jobId = jobId;
    }

    JobId jobId() {
        return jobId;
    }

    /**
     * Adds a member; the first one subscribes the room to the bus, before any catch-up reads the
     * store. False when the room was emptied and closed meanwhile (the caller makes a new one).
     */
    synchronized boolean add(LiveSubscription subscription, EventBus bus) {
        if (closed) {
            return false;
        }
        LiveSubscription[] next = Arrays.copyOf(members, members.length + 1);
        next[members.length] = subscription;
        members = next;
        if (busSubscription == null) {
            busSubscription = bus.subscribe(jobId, this::onLive);
        }
        return true;
    }

    /** Removes a member. True when the room is now empty and closed (its bus hold released). */
    synchronized boolean remove(LiveSubscription subscription) {
        LiveSubscription[] current = members;
        int index = Arrays.asList(current).indexOf(subscription);
        if (index < 0) {
            return false;
        }
        LiveSubscription[] next = new LiveSubscription[current.length - 1];
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

    void onLive(JobEvent event) {
        // one message for every member: the transport can encode it once
        ServerMessage.Event message = new ServerMessage.Event(event, false);
        for (LiveSubscription member : members) {
            member.onLive(message);
        }
    }

    List<LiveSubscription> members() {
        return List.of(members);
    }

    int size() {
        return members.length;
    }
}
