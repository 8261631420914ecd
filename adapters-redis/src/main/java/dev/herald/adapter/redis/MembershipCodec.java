package dev.herald.adapter.redis;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.Member;
import dev.herald.domain.presence.Membership;

import java.time.Instant;
import java.util.Optional;

/**
 * How a membership is written in Redis, in a channel's presence hash (field: the client id) and in
 * presence notices: {@code <instance> <version> <joinedAt epoch ms> <u|n> <user>}. The user (a
 * token's {@code sub}: any text) comes last, after the fourth space, so it needs no escaping; the
 * instance id, the version and the time contain no space.
 */
final class MembershipCodec {

    private MembershipCodec() {
    }

    static String encode(Membership membership) {
        Member member = membership.member();
        return membership.instance().value() + ' ' + membership.version() + ' ' + member.joinedAt().toEpochMilli()
                + ' ' + member.user().map(u -> "u " + u).orElse("n ");
    }

    /** @throws MalformedMessageException when {@code value} is not an encoded membership */
    static Membership decode(JobId jobId, ClientId clientId, String value) throws MalformedMessageException {
        String[] fields = value.split(" ", 5);
        if (fields.length != 5) {
            throw new MalformedMessageException("membership is not 'instance version joinedAt u|n user'");
        }
        try {
            InstanceId instance = new InstanceId(fields[0]);
            long version = Long.parseLong(fields[1]);
            Instant joinedAt = Instant.ofEpochMilli(Long.parseLong(fields[2]));
            Optional<String> user = switch (fields[3]) {
                case "u" -> Optional.of(fields[4]);
                case "n" -> Optional.empty();
                default -> throw new MalformedMessageException("user marker is neither u nor n");
            };
            return new Membership(jobId, new Member(clientId, user, joinedAt), instance, version);
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("membership field is not valid: " + e.getMessage());
        }
    }

    /** The version of an encoded membership, as the registry's scripts read it (second field). */
    static long version(String value) throws MalformedMessageException {
        String[] fields = value.split(" ", 3);
        try {
            return Long.parseLong(fields[1]);
        } catch (RuntimeException e) {
            throw new MalformedMessageException("no version");
        }
    }
}
