package dev.herald.adapter.file;

import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.NewEvent;
import dev.herald.domain.job.Sender;

import java.nio.BufferUnderflowException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;
import java.util.zip.CRC32C;

/**
 * The bytes of one record: everything one {@code appendAll} stores, so that a batch is on disk whole
 * or not at all.
 *
 * <pre>
 * header  int    body length
 *         int    CRC-32C of the body
 * body    byte   format (1)
 *         byte   flags (bit 0: keyed; bit 1: senders)
 *         short  job id length, then the job id (ASCII: ids are [A-Za-z0-9._:-])
 *         long   first seq
 *         int    event count
 *         long   occurredAt, epoch millis
 *         keyed: short key length, key (ASCII); int fingerprint length, fingerprint (UTF-8);
 *                long forgetBefore, epoch millis (the window the key was claimed with)
 *         each event: byte type length (unsigned), type (ASCII); int payload length, payload (UTF-8);
 *                with senders: byte 1 when the event has one, then short client id length, client id
 *                (UTF-8), int user length (-1: none), user (UTF-8); else byte 0
 * </pre>
 *
 * Only a record that holds an event a client published has the senders flag: records written
 * before there were senders read as they always did.
 *
 * A record is encoded by its appender before it has a seq; the writer seals it ({@link #seal}:
 * first seq and CRC) once the seq is known, just before writing it.
 */
final class RecordFormat {

    static final int HEADER_BYTES = 8;
    /** Bounds one batch on disk, so a record's offset in a segment stays an int. */
    static final int MAX_BODY_BYTES = 128 << 20;

    private static final byte FORMAT = 1;
    private static final byte KEYED = 1;
    private static final byte SENDERS = 2;
    private static final int FIXED_BODY_BYTES = 1 + 1 + 2 + 8 + 4 + 8;

    private RecordFormat() {
    }

    /** The record with room for its header and first seq, both filled in by {@link #seal}. */
    static byte[] encode(JobId jobId, List<NewEvent> events, long occurredAtMillis, Optional<IdempotencyClaim> claim) {
        byte[] job = ascii(jobId.value());
        byte[] key = null;
        byte[] fingerprint = null;
        long size = HEADER_BYTES + FIXED_BODY_BYTES + job.length;
        if (claim.isPresent()) {
            key = ascii(claim.get().key().value());
            fingerprint = claim.get().fingerprint().getBytes(StandardCharsets.UTF_8);
            size += 2 + key.length + 4 + fingerprint.length + 8;
        }
        byte[][] types = new byte[events.size()][];
        byte[][] payloads = new byte[events.size()][];
        byte[][] clients = new byte[events.size()][];
        byte[][] users = new byte[events.size()][];
        boolean senders = events.stream().anyMatch(e -> e.from().isPresent());
        for (int i = 0; i < events.size(); i++) {
            types[i] = ascii(events.get(i).eventType().value());
            payloads[i] = events.get(i).payload().getBytes(StandardCharsets.UTF_8);
            size += 1 + types[i].length + 4 + payloads[i].length;
            if (senders) {
                size += 1;
                Optional<Sender> from = events.get(i).from();
                if (from.isPresent()) {
                    clients[i] = from.get().clientId().value().getBytes(StandardCharsets.UTF_8);
                    users[i] = from.get().user().map(u -> u.getBytes(StandardCharsets.UTF_8)).orElse(null);
                    if (clients[i].length > Short.MAX_VALUE) {
                        throw new IllegalArgumentException("a client id of " + clients[i].length + " bytes");
                    }
                    size += 2 + clients[i].length + 4 + (users[i] == null ? 0 : users[i].length);
                }
            }
        }
        if (size - HEADER_BYTES > MAX_BODY_BYTES) {
            throw new IllegalArgumentException("a batch of " + (size - HEADER_BYTES) + " bytes is more than one record "
                    + "of the file store holds (" + MAX_BODY_BYTES + ")");
        }
        ByteBuffer out = ByteBuffer.allocate((int) size);
        out.position(HEADER_BYTES);
        out.put(FORMAT).put((byte) ((claim.isPresent() ? KEYED : 0) | (senders ? SENDERS : 0)))
                .putShort((short) job.length).put(job);
        out.putLong(0).putInt(events.size()).putLong(occurredAtMillis);
        if (claim.isPresent()) {
            out.putShort((short) key.length).put(key);
            out.putInt(fingerprint.length).put(fingerprint);
            out.putLong(claim.get().forgetBefore().toEpochMilli());
        }
        for (int i = 0; i < types.length; i++) {
            out.put((byte) types[i].length).put(types[i]);
            out.putInt(payloads[i].length).put(payloads[i]);
            if (senders) {
                if (clients[i] == null) {
                    out.put((byte) 0);
                } else {
                    out.put((byte) 1).putShort((short) clients[i].length).put(clients[i]);
                    out.putInt(users[i] == null ? -1 : users[i].length);
                    if (users[i] != null) {
                        out.put(users[i]);
                    }
                }
            }
        }
        return out.array();
    }

    /** Sets the record's first seq, then its header (length and CRC). */
    static void seal(byte[] record, long firstSeq) {
        ByteBuffer buffer = ByteBuffer.wrap(record);
        int jobLength = Short.toUnsignedInt(buffer.getShort(HEADER_BYTES + 2));
        buffer.putLong(HEADER_BYTES + 4 + jobLength, firstSeq);
        CRC32C crc = new CRC32C();
        crc.update(record, HEADER_BYTES, record.length - HEADER_BYTES);
        buffer.putInt(0, record.length - HEADER_BYTES).putInt(4, (int) crc.getValue());
    }

    static boolean crcMatches(ByteBuffer body, int expected) {
        CRC32C crc = new CRC32C();
        crc.update(body.duplicate());
        return (int) crc.getValue() == expected;
    }

    /**
     * Reads a record's body (the buffer from the body's first byte to its last).
     *
     * @throws CorruptRecordException when the body does not parse
     */
    static RecordBody read(ByteBuffer body) {
        try {
            ByteBuffer in = body.duplicate();
            if (in.get() != FORMAT) {
                throw new CorruptRecordException("unknown record format");
            }
            byte flags = in.get();
            boolean keyed = (flags & KEYED) != 0;
            boolean senders = (flags & SENDERS) != 0;
            String jobId = asciiString(in, Short.toUnsignedInt(in.getShort()));
            long firstSeq = in.getLong();
            int count = in.getInt();
            long occurredAt = in.getLong();
            String key = null;
            String fingerprint = null;
            long forgetBefore = 0;
            if (keyed) {
                key = asciiString(in, Short.toUnsignedInt(in.getShort()));
                fingerprint = utf8String(in, in.getInt());
                forgetBefore = in.getLong();
            }
            if (firstSeq < 1 || count < 1) {
                throw new CorruptRecordException("seqs " + firstSeq + " +" + count);
            }
            return new RecordBody(in, jobId, firstSeq, count, occurredAt, key, fingerprint, forgetBefore, senders);
        } catch (BufferUnderflowException | IllegalArgumentException e) {
            throw new CorruptRecordException("the record is shorter than its fields say");
        }
    }

    static String asciiString(ByteBuffer in, int length) {
        return text(in, length, StandardCharsets.US_ASCII);
    }

    static String utf8String(ByteBuffer in, int length) {
        return text(in, length, StandardCharsets.UTF_8);
    }

    static void skip(ByteBuffer in, int length) {
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        in.position(in.position() + length);
    }

    private static String text(ByteBuffer in, int length, java.nio.charset.Charset charset) {
        if (length < 0 || length > in.remaining()) {
            throw new BufferUnderflowException();
        }
        String value = in.hasArray()
                ? new String(in.array(), in.arrayOffset() + in.position(), length, charset)
                : charset.decode(in.slice(in.position(), length)).toString();
        in.position(in.position() + length);
        return value;
    }

    private static byte[] ascii(String value) {
        return value.getBytes(StandardCharsets.US_ASCII);
    }
}
