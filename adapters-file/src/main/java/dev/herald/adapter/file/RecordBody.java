package dev.herald.adapter.file;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.Sender;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.util.Optional;

/**
 * A parsed record's fixed fields, and its events to walk once ({@link #next}).
 *
 * @param key     null when the append had no idempotency claim
 * @param senders the events carry a sender field (some were published by a client)
 */
record RecordBody(ByteBuffer events, String jobId, long firstSeq, int count, long occurredAtMillis, String key,
                  String fingerprint, long forgetBeforeMillis, boolean senders) {

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
                    String payload = RecordFormat.utf8String(events, payloadLength);
                    visitor.event(seq, type, payload, senders ? sender() : Optional.empty());
                } else {
                    RecordFormat.skip(events, payloadLength);
                    if (senders) {
                        sender();
                    }
                    visitor.event(seq, type, null, Optional.empty());
                }
            }
        } catch (BufferUnderflowException e) {
            throw new CorruptRecordException("the record is shorter than its events say");
        }
        if (events.hasRemaining()) {
            throw new CorruptRecordException("the record is longer than its events say");
        }
    }

    private Optional<Sender> sender() {
        byte present = events.get();
        if (present == 0) {
            return Optional.empty();
        }
        if (present != 1) {
            throw new CorruptRecordException("a sender marker of " + present);
        }
        String client = RecordFormat.utf8String(events, Short.toUnsignedInt(events.getShort()));
        int userLength = events.getInt();
        Optional<String> user = userLength == -1 ? Optional.empty() : Optional.of(RecordFormat.utf8String(events, userLength));
        try {
            return Optional.of(new Sender(ClientId.of(client), user));
        } catch (IllegalArgumentException e) {
            throw new CorruptRecordException("a blank sender");
        }
    }

    interface EventVisitor {
        boolean wantsPayload(long seq);

        /**
         * @param payload null when it was not wanted
         * @param from    the client that published it, when the payload was wanted
         */
        void event(long seq, String type, String payload, Optional<Sender> from);
    }
}
