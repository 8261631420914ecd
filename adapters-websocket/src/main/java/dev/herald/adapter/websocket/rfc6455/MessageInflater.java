package dev.herald.adapter.websocket.rfc6455;

import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * One connection's decompressor for {@code permessage-deflate} (RFC 7692, section 7.2.2): a
 * message's compressed bytes go in as they arrive ({@link #input}), the tail the sender removed is
 * put back at its end ({@link #endOfMessage}), and the plain bytes come out in pieces the caller
 * sizes ({@link #next}), so a message is never inflated whole before its size is checked. With
 * context takeover (the client's default) the inflater keeps the client's 32 KiB window between
 * messages; with {@code client_no_context_takeover} it is reset after each.
 *
 * <p>Memory: the native inflater state (about 7 KiB) and its 32 KiB window, allocated when the
 * first compressed message arrives and freed by {@link #end}, which may come from another thread
 * than the reading one (the connection ends): the methods are synchronized, and after the end the
 * inflater takes no input and gives no output.
 */
public final class MessageInflater {

    private static final byte[] TAIL = {0x00, 0x00, (byte) 0xff, (byte) 0xff};

    private final boolean contextTakeover;
    private Inflater inflater;
    private boolean ended;

    /** @param contextTakeover false when {@code client_no_context_takeover} was agreed */
    public MessageInflater(boolean contextTakeover) {
        this.contextTakeover = contextTakeover;
    }

    /** The next compressed bytes of the message; {@link #next} must have drained the previous ones. */
    public synchronized void input(byte[] compressed) {
        if (!ended) {
            inflater().setInput(compressed);
        }
    }

    /** The message's compressed bytes are all in: the removed tail follows. */
    public synchronized void endOfMessage() {
        if (!ended && !inflater().finished()) {
            inflater.setInput(TAIL);
        }
    }

    /**
     * Up to {@code out.length} plain bytes into {@code out}; 0 once everything given so far is
     * inflated.
     *
     * @throws DataFormatException the input is not DEFLATE data (or asks for a preset dictionary)
     */
    public synchronized int next(byte[] out) throws DataFormatException {
        if (ended) {
            return 0;
        }
        Inflater current = inflater();
        if (current.finished()) {
            return 0; // a block with BFINAL set ends the stream (section 7.2.3.4): padding after it is ignored
        }
        int produced = current.inflate(out);
        if (produced == 0 && !current.needsInput() && !current.finished()) {
            throw new DataFormatException("a preset dictionary is not part of permessage-deflate");
        }
        return produced;
    }

    /** The message ended: without context takeover (or after a final block) the next starts afresh. */
    public synchronized void messageDone() {
        if (!ended && inflater != null && (!contextTakeover || inflater.finished())) {
            inflater.reset();
        }
    }

    /** Frees the native memory at once (not at the next garbage collection); nothing is inflated afterwards. */
    public synchronized void end() {
        ended = true;
        if (inflater != null) {
            inflater.end();
            inflater = null;
        }
    }

    private Inflater inflater() {
        if (inflater == null) {
            inflater = new Inflater(true);
        }
        return inflater;
    }
}
