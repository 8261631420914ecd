package dev.herald.domain.presence;

import java.util.Objects;

/**
 * A change of a channel's members: what instances tell each other (over the bus) and what
 * subscribers of a {@code join-leave} channel are told.
 */
public record PresenceNotice(Kind kind, Membership membership) {

    public enum Kind {
        JOIN, LEAVE;

        public String wireName() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    public PresenceNotice {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(membership, "membership");
    }

    public static PresenceNotice join(Membership membership) {
        return new PresenceNotice(Kind.JOIN, membership);
    }

    public static PresenceNotice leave(Membership membership) {
        return new PresenceNotice(Kind.LEAVE, membership);
    }
}
