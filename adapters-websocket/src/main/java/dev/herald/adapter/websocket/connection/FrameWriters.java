package dev.herald.adapter.websocket.connection;

import java.io.IOException;

/**
 * Where {@link ClientConnection}s write: the threads their drains run on, and the watch kept on
 * each blocking write. {@link SocketWriters} in the server; a step-by-step fake in tests.
 */
public interface FrameWriters {

    /** Runs a connection's drain on a writer thread; throws RejectedExecutionException once shut down. */
    void execute(Runnable drain);

    /** Runs one blocking write on the calling writer thread, watched for blocking. */
    void write(BlockingWrite write) throws IOException;

    /** One blocking socket write. */
    @FunctionalInterface
    interface BlockingWrite {
        void run() throws IOException;
    }
}
