package dev.herald.bootstrap;

import dev.herald.application.port.out.TokenVerifier;

import java.util.Optional;

/** Auth is on exactly when a shared secret is configured. */
final class TokenVerifiers {

    private TokenVerifiers() {
    }

    static Optional<TokenVerifier> from(HeraldConfig config) {
        if (config.string(Setting.AUTH_SECRET).isEmpty()) {
            return Optional.empty();
        }
        throw new IllegalStateException("herald.auth.secret is set but this build has no token verifier yet");
    }
}
