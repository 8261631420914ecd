package dev.herald.adapter.redis;

import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * The wire form of a {@link JobEvent} on a job channel: one ASCII header line, then the payload's
 * UTF-8 bytes exactly as published.
 *
 * <pre>
 * H1 &lt;jobId&gt; &lt;seq&gt; &lt;eventType&gt; &lt;occurredAt&gt;\n&lt;payload&gt;
 * H1 job-42 7 generation.chapter.started 2026-01-02T03:04:05.678Z\n{"title":"..."}
 * </pre>
 *
 * The header needs no escaping: job ids and event types are {@code [A-Za-z0-9._:-]}, seq is a
 * decimal number and occurredAt is an ISO-8601 instant, none of which contain a space or a line
 * break. The payload is not parsed or re-serialised, so it round-trips byte for byte whatever it
 * contains (line breaks included: only the first one ends the header). {@code H1} versions the
 * format so that a later one can be rolled out next to it.
 */
final class JobEventCodec {

    private static final String VERSION = "H1";
    /** Longest valid header: version, 128-char job id, 19-digit seq, 128-char type, instant, spaces. */
    private static final int MAX_HEADER_BYTES = 512;

    private JobEventCodec() {
    }

    static byte[] encode(JobEvent event) {
        byte[] header = (VERSION + ' ' + event.jobId().value() + ' ' + event.seq() + ' ' + event.eventType().value()
                + ' ' + event.occurredAt() + '\n').getBytes(StandardCharsets.US_ASCII);
        byte[] payload = utf8(event.payload());
        byte[] message = new byte[header.length + payload.length];
        System.arraycopy(header, 0, message, 0, header.length);
        System.arraycopy(payload, 0, message, header.length, payload.length);
        return message;
    }

    /** Strict: a lone surrogate would otherwise be replaced by '?' and the payload would not round-trip. */
    private static byte[] utf8(String payload) {
        try {
            ByteBuffer bytes = StandardCharsets.UTF_8.newEncoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .encode(CharBuffer.wrap(payload));
            byte[] array = new byte[bytes.remaining()];
            bytes.get(array);
            return array;
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("payload is not valid Unicode text (lone surrogate)");
        }
    }

    /**
     * Reads a message received on the channel of {@code channelJob}.
     *
     * @throws MalformedMessageException when it is not a well-formed event of that job
     */
    static JobEvent decode(JobId channelJob, byte[] message) throws MalformedMessageException {
        int newline = headerEnd(message);
        String[] fields = new String(message, 0, newline, StandardCharsets.US_ASCII).split(" ", -1);
        if (fields.length != 5 || !VERSION.equals(fields[0])) {
            throw new MalformedMessageException("header is not '" + VERSION + " jobId seq eventType occurredAt'");
        }
        if (!channelJob.value().equals(fields[1])) {
            throw new MalformedMessageException("job id in the header does not match the channel");
        }
        long seq = seq(fields[2]);
        EventType eventType = eventType(fields[3]);
        Instant occurredAt = instant(fields[4]);
        String payload = payload(message, newline + 1);
        return new JobEvent(channelJob, seq, eventType, occurredAt, payload);
    }

    private static int headerEnd(byte[] message) throws MalformedMessageException {
        int limit = Math.min(message.length, MAX_HEADER_BYTES);
        for (int i = 0; i < limit; i++) {
            byte b = message[i];
            if (b == '\n') {
                return i;
            }
            if (b < 0x20 || b > 0x7e) {
                throw new MalformedMessageException("header contains a byte that is not printable ASCII");
            }
        }
        throw new MalformedMessageException("no header line in the first " + MAX_HEADER_BYTES + " bytes");
    }

    private static long seq(String field) throws MalformedMessageException {
        // parseLong would also take "+1" or "-0"; the encoder writes plain digits only
        if (field.isEmpty() || field.length() > 19 || !field.chars().allMatch(c -> c >= '0' && c <= '9')) {
            throw new MalformedMessageException("seq is not a positive decimal number");
        }
        try {
            long seq = Long.parseLong(field);
            if (seq < 1) {
                throw new MalformedMessageException("seq is not a positive decimal number");
            }
            return seq;
        } catch (NumberFormatException e) {
            throw new MalformedMessageException("seq is out of range");
        }
    }

    private static EventType eventType(String field) throws MalformedMessageException {
        try {
            return EventType.of(field);
        } catch (RuntimeException e) {
            throw new MalformedMessageException("eventType is not valid");
        }
    }

    private static Instant instant(String field) throws MalformedMessageException {
        try {
            return Instant.parse(field);
        } catch (DateTimeParseException e) {
            throw new MalformedMessageException("occurredAt is not an ISO-8601 instant");
        }
    }

    private static String payload(byte[] message, int offset) throws MalformedMessageException {
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message, offset, message.length - offset))
                    .toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("payload is not valid UTF-8");
        }
    }
}
