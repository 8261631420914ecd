package dev.herald.domain.presence;

import dev.herald.domain.client.ClientId;

import java.time.Instant;
import java.util.Comparator;
import java.util.Objects;
import java.util.Optional;

/**
 * One connection subscribed to a channel, as presence shows it. A user with several tabs is
 * several members with the same {@code user}.
 *
 * @param user     the token's {@code sub}; empty when auth is off or the token has none
 * @param joinedAt when the connection subscribed
 */
public record Member(ClientId clientId, Optional<String> user, Instant joinedAt) {

    /** The order members are listed in: first joined first, ties by client id. */
    public static final Comparator<Member> BY_ARRIVAL = Comparator.comparing(Member::joinedAt)
            .thenComparing(m -> m.clientId().value());

    public Member {
        Objects.requireNonNull(clientId, "clientId");
        Objects.requireNonNull(user, "user");
        Objects.requireNonNull(joinedAt, "joinedAt");
    }
}
