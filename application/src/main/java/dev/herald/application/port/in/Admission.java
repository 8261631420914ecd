package dev.herald.application.port.in;

import dev.herald.domain.error.Rejection;

import java.util.Optional;

/** The outcome of a connection attempt. */
public record Admission(Optional<Rejection> rejection) {

    public static Admission accepted() {
        return new Admission(Optional.empty());
    }

    public static Admission rejected(Rejection rejection) {
        return new Admission(Optional.of(rejection));
    }

    public boolean isAccepted() {
        return rejection.isEmpty();
    }
}
