package dev.herald.adapter.websocket.connection;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * A way a transport puts an {@link OutboundFrame} on the wire (an RFC 6455 header for the payload,
 * a compressed frame, the text a container frames itself), built from the frame's UTF-8 payload
 * and cached on the frame. Each form is a constant of the transport that uses it; a frame has a
 * slot per form, so there are few of them.
 *
 * @param <T> what the transport writes
 */
public final class WireForm<T> {

    static final int SLOTS = 6;
    private static final AtomicInteger NEXT_SLOT = new AtomicInteger();

    private final int slot;
    private final Function<byte[], T> builder;

    private WireForm(int slot, Function<byte[], T> builder) {
        this.slot = slot;
        this.builder = builder;
    }

    /** A new form; call it once per form, from a static constant. */
    public static <T> WireForm<T> of(Function<byte[], T> fromUtf8) {
        int slot = NEXT_SLOT.getAndIncrement();
        if (slot >= SLOTS) {
            throw new IllegalStateException("more than " + SLOTS + " wire forms");
        }
        return new WireForm<>(slot, fromUtf8);
    }

    int slot() {
        return slot;
    }

    T build(byte[] utf8) {
        return builder.apply(utf8);
    }
}
