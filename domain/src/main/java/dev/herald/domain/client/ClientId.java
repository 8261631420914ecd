package dev.herald.domain.client;

import java.util.Objects;

/** One connected client (one WebSocket connection), as named by the transport. */
public record ClientId(String value) {

    public ClientId {
        Objects.requireNonNull(value, "value");
        if (value.isBlank()) {
            throw new IllegalArgumentException("client id must not be blank");
        }
    }

    public static ClientId of(String value) {
        return new ClientId(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
