package dev.herald.application.service.operations;

import dev.herald.application.port.out.ClusterControl;
import dev.herald.application.port.out.ControlMessage;
import dev.herald.application.port.out.EventBusUnavailableException;

import java.util.function.Consumer;

/**
 * Everything the cluster control delivers to this instance, on the bus's thread: a maintenance
 * switch is adopted, a request answered (the answer goes back over the bus), a reply handed to the
 * request waiting for it.
 */
public final class ControlListener implements Consumer<ControlMessage> {

    private static final System.Logger LOG = System.getLogger(ControlListener.class.getName());

    private final MaintenanceService maintenance;
    private final OperatorRequests requests;
    private final ClusterRequests asked;
    private final ClusterControl control;

    public ControlListener(MaintenanceService maintenance, OperatorRequests requests, ClusterRequests asked,
                    ClusterControl control) {
        this.maintenance = maintenance;
        this.requests = requests;
        this.asked = asked;
        this.control = control;
    }

    @Override
    public void accept(ControlMessage message) {
        if (message instanceof ControlMessage.MaintenanceChanged changed) {
            maintenance.changed(changed);
        } else if (message instanceof ControlMessage.Request request) {
            ControlMessage.Reply reply = requests.answer(request);
            try {
                control.broadcast(reply);
            } catch (EventBusUnavailableException e) {
                LOG.log(System.Logger.Level.WARNING, "Could not answer an operator request over the bus ("
                        + e.getMessage() + "); what it asked was done here");
            }
        } else if (message instanceof ControlMessage.Reply reply) {
            asked.replied(reply);
        }
    }
}
