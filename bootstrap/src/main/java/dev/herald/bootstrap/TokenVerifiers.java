package dev.herald.bootstrap;

import dev.herald.adapter.jwt.JwtTokenVerifier;
import dev.herald.application.port.out.TokenVerifier;

import java.time.Duration;
import java.util.Optional;

/** Auth is on exactly when a shared secret is configured. */
final class TokenVerifiers {

    private static final System.Logger LOG = System.getLogger(TokenVerifiers.class.getName());

    private TokenVerifiers() {
    }

    static Optional<TokenVerifier> from(HeraldConfig config) {
        Optional<String> secret = config.string(Setting.AUTH_SECRET);
        if (secret.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> previous = config.string(Setting.AUTH_PREVIOUS_SECRET);
        Duration skew = Duration.ofSeconds(config.number(Setting.AUTH_CLOCK_SKEW_SECONDS, 0));
        JwtTokenVerifier verifier = HeraldConfig.building("herald.auth.secret (REALTIME_SHARED_SECRET) / herald.auth.previous-secret",
                () -> new JwtTokenVerifier(secret.get(), previous, skew));
        LOG.log(System.Logger.Level.INFO, "Authentication is ON: HS256 tokens" + (previous.isPresent()
                ? ", signed by the current or the previous secret" : "") + "; clock skew " + skew.toSeconds() + " s");
        return Optional.of(verifier);
    }
}
