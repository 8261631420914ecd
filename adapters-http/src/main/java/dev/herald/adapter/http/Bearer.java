package dev.herald.adapter.http;

import dev.herald.application.port.in.Credentials;

import java.util.Locale;

/** The token of an {@code Authorization: Bearer ...} header. */
public final class Bearer {

    private static final String PREFIX = "bearer ";

    private Bearer() {
    }

    public static Credentials from(String authorization) {
        if (authorization == null || authorization.length() <= PREFIX.length()
                || !authorization.substring(0, PREFIX.length()).toLowerCase(Locale.ROOT).equals(PREFIX)) {
            return Credentials.none();
        }
        return Credentials.bearer(authorization.substring(PREFIX.length()).trim());
    }
}
