package dev.herald.application.port.in;

import java.util.Objects;
import java.util.Optional;

/** The bearer token a caller presented, if any. Never logged. */
public record Credentials(Optional<String> token) {

    public Credentials {
        Objects.requireNonNull(token, "token");
        token = token.filter(t -> !t.isBlank());
    }

    public static Credentials none() {
        return new Credentials(Optional.empty());
    }

    public static Credentials bearer(String token) {
        return new Credentials(Optional.ofNullable(token));
    }

    @Override
    public String toString() {
        return token.isPresent() ? "Credentials[token=***]" : "Credentials[none]";
    }
}
