package dev.herald.adapter.redis;

import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.Sender;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.Base64;
import java.util.Optional;

/**
 * The wire forms on a job channel: one ASCII header line, then the payload's UTF-8 bytes exactly
 * as published.
 *
 * <pre>
 * H1 &lt;jobId&gt; &lt;seq&gt; &lt;eventType&gt; &lt;occurredAt&gt;\n&lt;payload&gt;                          a stored event
 * H2 &lt;jobId&gt; &lt;seq&gt; &lt;eventType&gt; &lt;occurredAt&gt; &lt;client&gt; &lt;user&gt;\n&lt;payload&gt;       a stored event a client published
 * R1 &lt;jobId&gt; &lt;eventType&gt; &lt;occurredAt&gt; &lt;client&gt; &lt;user&gt;\n&lt;payload&gt;             a relayed event (ephemeral channel)
 * H1 job-42 7 generation.chapter.started 2026-01-02T03:04:05.678Z\n{"title":"..."}
 * </pre>
 *
 * The header needs no escaping: job ids and event types are {@code [A-Za-z0-9._:-]}, seq is a
 * decimal number and occurredAt is an ISO-8601 instant, none of which contain a space or a line
 * break; the sender's client id and user are base64url (no padding), or {@code ~} when absent. The
 * payload is not parsed or re-serialised, so it round-trips byte for byte whatever it contains
 * (line breaks included: only the first one ends the header). The first field versions the format:
 * an event without a sender keeps {@code H1}, which every earlier instance reads.
 */
final class JobEventCodec {

    private static final String STORED = "H1";
    private static final String STORED_FROM = "H2";
    private static final String RELAYED = "R1";
    private static final String ABSENT = "~";
    /** Longest header accepted: the fixed fields take under 512 bytes, a sender's user (a token's sub) the rest. */
    private static final int MAX_HEADER_BYTES = 16 * 1024;
    private static final Base64.Encoder BASE64 = Base64.getUrlEncoder().withoutPadding();

    private JobEventCodec() {
    }

    /** A message received on a job channel: a stored or a relayed event. */
    sealed interface Decoded {
    }

    record Stored(JobEvent event) implements Decoded {
    }

    record Relayed(RelayedEvent event) implements Decoded {
    }

    static byte[] encode(JobEvent event) {
        StringBuilder header = new StringBuilder(160);
        header.append(event.from().isPresent() ? STORED_FROM : STORED).append(' ').append(event.jobId().value())
                .append(' ').append(event.seq()).append(' ').append(event.eventType().value()).append(' ')
                .append(event.occurredAt());
        event.from().ifPresent(from -> appendSender(header, Optional.of(from)));
        return message(header, event.payload());
    }

    static byte[] encode(RelayedEvent event) {
        StringBuilder header = new StringBuilder(160);
        header.append(RELAYED).append(' ').append(event.jobId().value()).append(' ').append(event.eventType().value())
                .append(' ').append(event.occurredAt());
        appendSender(header, event.from());
        return message(header, event.payload());
    }

    private static void appendSender(StringBuilder header, Optional<Sender> from) {
        header.append(' ').append(from.map(f -> base64(f.clientId().value())).orElse(ABSENT))
                .append(' ').append(from.flatMap(Sender::user).map(JobEventCodec::base64).orElse(ABSENT));
    }

    private static String base64(String text) {
        return BASE64.encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    private static byte[] message(StringBuilder header, String payload) {
        byte[] head = header.append('\n').toString().getBytes(StandardCharsets.US_ASCII);
        byte[] body = utf8(payload);
        byte[] message = new byte[head.length + body.length];
        System.arraycopy(head, 0, message, 0, head.length);
        System.arraycopy(body, 0, message, head.length, body.length);
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
     * Reads a stored event received on the channel of {@code channelJob}.
     *
     * @throws MalformedMessageException when it is not a well-formed stored event of that job
     */
    static JobEvent decode(JobId channelJob, byte[] message) throws MalformedMessageException {
        if (decodeAny(channelJob, message) instanceof Stored stored) {
            return stored.event();
        }
        throw new MalformedMessageException("a relayed event where a stored one was expected");
    }

    /**
     * Reads what arrived on the channel of {@code channelJob}.
     *
     * @throws MalformedMessageException when it is not a well-formed event of that job
     */
    static Decoded decodeAny(JobId channelJob, byte[] message) throws MalformedMessageException {
        int newline = headerEnd(message);
        String[] fields = new String(message, 0, newline, StandardCharsets.US_ASCII).split(" ", -1);
        String payload;
        switch (fields[0]) {
            case STORED -> {
                requireFields(fields, 5, STORED + " jobId seq eventType occurredAt");
                requireJob(channelJob, fields[1]);
                return new Stored(new JobEvent(channelJob, seq(fields[2]), eventType(fields[3]), instant(fields[4]),
                        payload(message, newline + 1)));
            }
            case STORED_FROM -> {
                requireFields(fields, 7, STORED_FROM + " jobId seq eventType occurredAt client user");
                requireJob(channelJob, fields[1]);
                Optional<Sender> from = sender(fields[5], fields[6]);
                if (from.isEmpty()) {
                    throw new MalformedMessageException(STORED_FROM + " without a sender");
                }
                return new Stored(new JobEvent(channelJob, seq(fields[2]), eventType(fields[3]), instant(fields[4]),
                        payload(message, newline + 1), from));
            }
            case RELAYED -> {
                requireFields(fields, 6, RELAYED + " jobId eventType occurredAt client user");
                requireJob(channelJob, fields[1]);
                payload = payload(message, newline + 1);
                return new Relayed(new RelayedEvent(channelJob, eventType(fields[2]), instant(fields[3]), payload,
                        sender(fields[4], fields[5])));
            }
            default -> throw new MalformedMessageException("unknown header version");
        }
    }

    private static void requireFields(String[] fields, int count, String shape) throws MalformedMessageException {
        if (fields.length != count) {
            throw new MalformedMessageException("header is not '" + shape + "'");
        }
    }

    private static void requireJob(JobId channelJob, String field) throws MalformedMessageException {
        if (!channelJob.value().equals(field)) {
            throw new MalformedMessageException("job id in the header does not match the channel");
        }
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

    private static Optional<Sender> sender(String client, String user) throws MalformedMessageException {
        if (client.equals(ABSENT)) {
            if (!user.equals(ABSENT)) {
                throw new MalformedMessageException("a user without a client");
            }
            return Optional.empty();
        }
        try {
            ClientId clientId = ClientId.of(unbase64(client));
            return Optional.of(new Sender(clientId, user.equals(ABSENT) ? Optional.empty() : Optional.of(unbase64(user))));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("sender is not base64url text");
        }
    }

    private static String unbase64(String field) throws MalformedMessageException {
        byte[] bytes = Base64.getUrlDecoder().decode(field);
        try {
            return StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("sender is not UTF-8 text");
        }
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
