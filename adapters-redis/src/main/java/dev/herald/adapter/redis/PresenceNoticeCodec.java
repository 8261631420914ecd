package dev.herald.adapter.redis;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.PresenceNotice;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A presence notice on a job channel, beside the job's events ({@link JobEventCodec}, which begin
 * with {@code H1}): one header line, then the client id, a line break and the membership
 * ({@link MembershipCodec}).
 *
 * <pre>
 * P1 &lt;join|leave&gt; &lt;jobId&gt;\n&lt;clientId&gt;\n&lt;instance&gt; &lt;version&gt; &lt;joinedAt&gt; &lt;u|n&gt; &lt;user&gt;
 * </pre>
 *
 * Client ids are named by the transport (no line break); the user comes last, so it may hold any
 * text.
 */
final class PresenceNoticeCodec {

    private static final String VERSION = "P1";
    private static final byte[] PREFIX = (VERSION + ' ').getBytes(StandardCharsets.US_ASCII);

    private PresenceNoticeCodec() {
    }

    static byte[] encode(PresenceNotice notice) {
        String clientId = notice.membership().member().clientId().value();
        if (clientId.indexOf('\n') >= 0) {
            throw new IllegalArgumentException("client id contains a line break");
        }
        return (VERSION + ' ' + notice.kind().wireName() + ' ' + notice.membership().jobId().value() + '\n'
                + clientId + '\n' + MembershipCodec.encode(notice.membership())).getBytes(StandardCharsets.UTF_8);
    }

    static boolean isNotice(byte[] message) {
        if (message.length < PREFIX.length) {
            return false;
        }
        for (int i = 0; i < PREFIX.length; i++) {
            if (message[i] != PREFIX[i]) {
                return false;
            }
        }
        return true;
    }

    /** @throws MalformedMessageException when it is not a well-formed notice of {@code channelJob} */
    static PresenceNotice decode(JobId channelJob, byte[] message) throws MalformedMessageException {
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(message)).toString();
        } catch (CharacterCodingException e) {
            throw new MalformedMessageException("presence notice is not valid UTF-8");
        }
        String[] lines = text.split("\n", 3);
        if (lines.length != 3) {
            throw new MalformedMessageException("presence notice is not three parts");
        }
        String[] header = lines[0].split(" ", -1);
        if (header.length != 3 || !VERSION.equals(header[0])) {
            throw new MalformedMessageException("header is not '" + VERSION + " kind jobId'");
        }
        PresenceNotice.Kind kind;
        try {
            kind = PresenceNotice.Kind.valueOf(header[1].toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("kind is neither join nor leave");
        }
        if (!channelJob.value().equals(header[2])) {
            throw new MalformedMessageException("job id in the header does not match the channel");
        }
        ClientId client;
        try {
            client = ClientId.of(lines[1]);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("client id is blank");
        }
        return new PresenceNotice(kind, MembershipCodec.decode(channelJob, client, lines[2]));
    }
}
