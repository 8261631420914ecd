package dev.herald.application.service;

/** Whether this instance is draining (refusing new connections before it stops). */
final class GatewayLifecycle {

    private volatile boolean draining;

    boolean draining() {
        return draining;
    }

    void startDraining() {
        draining = true;
    }
}
