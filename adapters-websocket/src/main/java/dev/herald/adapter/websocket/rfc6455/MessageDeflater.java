package dev.herald.adapter.websocket.rfc6455;

import java.io.ByteArrayOutputStream;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.zip.Deflater;

/**
 * Compresses a message for {@code permessage-deflate} (RFC 7692, section 7.2.1) without context
 * takeover: each message is a DEFLATE stream of its own, ended by a sync flush whose trailing
 * {@code 00 00 ff ff} is removed. With no context to keep, one deflater serves any message of any
 * connection: a few are pooled (each holds about 270 KiB of native memory at the default level),
 * so the pool, not the number of connections, bounds that memory.
 */
public final class MessageDeflater {

    private static final int POOLED = Math.max(2, Runtime.getRuntime().availableProcessors());
    private static final BlockingQueue<Deflater> POOL = new ArrayBlockingQueue<>(POOLED);
    private static final int TAIL = 4;

    private MessageDeflater() {
    }

    /** The compressed payload of a message whose bytes are {@code message}. */
    public static byte[] deflate(byte[] message) {
        Deflater deflater = POOL.poll();
        if (deflater == null) {
            deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        }
        try {
            deflater.setInput(message);
            ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 64);
            byte[] buffer = new byte[Math.max(64, Math.min(message.length + 64, 16384))];
            int written;
            do {
                // a sync flush fills the buffer only when more output is pending (Deflater's contract)
                written = deflater.deflate(buffer, 0, buffer.length, Deflater.SYNC_FLUSH);
                out.write(buffer, 0, written);
            } while (written == buffer.length || !deflater.needsInput());
            byte[] flushed = out.toByteArray();
            return java.util.Arrays.copyOf(flushed, flushed.length - TAIL);
        } finally {
            deflater.reset(); // no context takeover: the next message starts from nothing
            if (!POOL.offer(deflater)) {
                deflater.end();
            }
        }
    }
}
