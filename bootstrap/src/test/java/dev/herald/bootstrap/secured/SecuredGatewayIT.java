package dev.herald.bootstrap.secured;

import dev.herald.adapter.jwt.JwtTokenIssuer;
import dev.herald.bootstrap.e2e.GatewayIT;
import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import dev.herald.domain.auth.Scope;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The gateway with auth on (container "herald-secured" in arquillian.xml): every client here
 * carries a token, and browsers come from an allowed origin.
 */
public abstract class SecuredGatewayIT extends GatewayIT {

    static final String ALLOWED_ORIGIN = "https://app.example";
    static final String SECRET = System.getProperty("herald.it.secret");
    static final String PREVIOUS_SECRET = System.getProperty("herald.it.previous-secret");

    static String token(Set<Scope> scopes, List<String> jobs, Duration ttl) {
        return new JwtTokenIssuer(SECRET).issue(scopes, jobs, ttl, Optional.of("e2e"), Instant.now());
    }

    static String subscriberToken(String... jobs) {
        return token(Set.of(Scope.SUBSCRIBE), List.of(jobs), Duration.ofMinutes(10));
    }

    static String adminToken() {
        return token(Set.of(Scope.ADMIN, Scope.PUBLISH, Scope.SUBSCRIBE), List.of("*"), Duration.ofMinutes(30));
    }

    @Override
    protected GatewayApi newApi(URI baseUri) {
        return new GatewayApi(baseUri).withToken(adminToken());
    }

    /** A browser-like client from the allowed origin, allowed to follow every job. */
    @Override
    protected WsClient.Builder client() {
        return WsClient.to(api.websocketUri()).origin(ALLOWED_ORIGIN).token(subscriberToken("*"));
    }
}
