package dev.herald.application.port.in;

/**
 * Compares every active subscription with the store's head and repairs what live delivery
 * missed. Runs after every bus reconnect and periodically, so a lost publication (even a job's
 * last event) still arrives within the reconcile interval.
 */
public interface ReconcileSubscriptionsUseCase {

    void reconcile();
}
