package dev.herald.adapter.file;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;

/**
 * A parsed record's fixed fields, and its events to walk once ({@link #next}).
 *
 * @param key null when the append had no idempotency claim
 */
record RecordBody(ByteBuffer events, String jobId, long firstSeq, int count, long occurredAtMillis, String key,
                  String fingerprint, long forgetBeforeMillis) {

    long lastSeq() {
        return firstSeq + count - 1;
    }

    /** Walks the events: calls {@code visitor} with each, whose payload it decodes only when asked. */
    void forEachEvent(EventVisitor visitor) {
        try {
            for (int i = 0; i < count; i++) {
                String type = RecordFormat.asciiString(events, Byte.toUnsignedInt(events.get()));
                int payloadLength = events.getInt();
                long seq = firstSeq + i;
                if (visitor.wantsPayload(seq)) {
                    visitor.event(seq, type, RecordFormat.utf8String(events, payloadLength));
                } else {
                    RecordFormat.skip(events, payloadLength);
                    visitor.event(seq, type, null);
                }
            }
        } catch (BufferUnderflowException e) {
            throw new CorruptRecordException("the record is shorter than its events say");
        }
        if (events.hasRemaining()) {
            throw new CorruptRecordException("the record is longer than its events say");
        }
    }

    interface EventVisitor {
        boolean wantsPayload(long seq);

        /** @param payload null when it was not wanted */
        void event(long seq, String type, String payload);
    }
}
