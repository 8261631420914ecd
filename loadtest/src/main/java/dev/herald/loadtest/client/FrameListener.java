package dev.herald.loadtest.client;

/** Receives a connection's frames, in order, on a client thread: keep it short. */
@FunctionalInterface
public interface FrameListener {

    void onFrame(Connection connection, Frame frame, long receivedNanos);

    default void onClose(Connection connection, int code, String reason) {
    }
}
