package dev.herald.application.service.operations;

import dev.herald.application.port.in.ClusterConnections;
import dev.herald.application.port.out.ClusterControl;
import dev.herald.application.port.out.ControlMessage;
import dev.herald.application.port.out.EventBusUnavailableException;
import dev.herald.domain.operator.ConnectionInfo;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * Asks every instance of the cluster and gathers their replies: the request goes out over the
 * cluster control, each instance (this one too) answers with a reply of the same id, and the
 * asker waits until as many replies came as the broker says it reached instances, or the wait is
 * over. When the bus is down, only this instance answers (logged).
 */
public final class ClusterRequests {

    private static final System.Logger LOG = System.getLogger(ClusterRequests.class.getName());
    /** Longest wait for the instances' replies; an instance that is slower is left out of the answer. */
    static final Duration REPLY_WAIT = Duration.ofSeconds(2);

    private final ClusterControl control;
    private final OperatorRequests local;
    private final Map<String, Pending> pending = new ConcurrentHashMap<>();

    public ClusterRequests(ClusterControl control, OperatorRequests local) {
        this.control = control;
        this.local = local;
    }

    static String newRequestId() {
        return UUID.randomUUID().toString();
    }

    /**
     * @param enough ends the wait early (e.g. the one connection to close was found)
     */
    ClusterConnections ask(ControlMessage.Request request, Predicate<List<ControlMessage.Reply>> enough) {
        Pending waiting = new Pending();
        pending.put(request.requestId(), waiting);
        try {
            int reached;
            try {
                reached = control.broadcast(request);
            } catch (EventBusUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, "Operator request answered by this instance only: the other"
                        + " instances could not be asked (" + e.getMessage() + ")");
                return gathered(List.of(local.answer(request)));
            }
            return gathered(waiting.await(reached, enough));
        } finally {
            pending.remove(request.requestId());
        }
    }

    /** A reply from the bus: kept when this instance asked, else ignored. */
    void replied(ControlMessage.Reply reply) {
        Pending waiting = pending.get(reply.requestId());
        if (waiting != null) {
            waiting.add(reply);
        }
    }

    private static ClusterConnections gathered(List<ControlMessage.Reply> replies) {
        List<ConnectionInfo> connections = new ArrayList<>();
        List<String> instances = new ArrayList<>();
        for (ControlMessage.Reply reply : replies) {
            connections.addAll(reply.connections());
            instances.add(reply.instance());
        }
        return new ClusterConnections(connections, instances.stream().distinct().toList());
    }

    /** The replies to one request, as they come. */
    private static final class Pending {

        private final List<ControlMessage.Reply> replies = new ArrayList<>();

        synchronized void add(ControlMessage.Reply reply) {
            replies.add(reply);
            notifyAll();
        }

        synchronized List<ControlMessage.Reply> await(int expected, Predicate<List<ControlMessage.Reply>> enough) {
            long deadline = System.nanoTime() + REPLY_WAIT.toNanos();
            while (replies.size() < expected && !enough.test(replies)) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    break;
                }
                try {
                    wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    break;
                }
            }
            return List.copyOf(replies);
        }
    }
}
