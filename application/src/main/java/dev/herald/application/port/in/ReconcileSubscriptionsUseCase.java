package dev.herald.application.port.in;

/**
 * Compares active subscriptions with the store's head and repairs what live delivery missed: a
 * lost publication (even a job's last event) still arrives, from the store.
 */
public interface ReconcileSubscriptionsUseCase {

    /**
     * After a bus reconnect: every subscription behind the store's head repairs now, since what
     * was published during the outage is lost for good.
     */
    void reconcile();

    /**
     * The periodic round, run twice per reconcile interval: repairs the subscriptions that are
     * behind a head already read at the previous round and have received nothing since then. A
     * lost event is thus repaired within two rounds, while live events that are merely late (a
     * gateway under load delivers them seconds behind) are not read from the store a second time
     * for every subscriber.
     */
    void reconcileStuck();
}
