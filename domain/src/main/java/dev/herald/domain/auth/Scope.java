package dev.herald.domain.auth;

import java.util.Locale;
import java.util.Optional;

/** What a token lets its holder do. */
public enum Scope {
    SUBSCRIBE, PUBLISH, ADMIN;

    public String wireName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<Scope> fromWire(String name) {
        for (Scope scope : values()) {
            if (scope.wireName().equals(name)) {
                return Optional.of(scope);
            }
        }
        return Optional.empty();
    }
}
