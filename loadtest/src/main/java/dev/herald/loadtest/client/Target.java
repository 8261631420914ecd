package dev.herald.loadtest.client;

import dev.herald.loadtest.config.ConfigException;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.token.TokenMinter;
import dev.herald.loadtest.token.Ttl;

import java.net.URI;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The deployment under test: its REST base URL, its WebSocket URL, the Origin to send, and the token
 * (given, or minted from the shared secret). Everything the harness knows about a gateway is here.
 */
public final class Target {

    public static final String DEFAULT_API_URL = "http://localhost:9080";

    private final URI apiUrl;
    private final URI wsUrl;
    private final String origin;
    private final String token;

    public Target(URI apiUrl, URI wsUrl, String origin, String token) {
        this.apiUrl = apiUrl;
        this.wsUrl = wsUrl;
        this.origin = origin;
        this.token = token;
    }

    public static Target from(Settings settings) {
        URI api = uri("apiUrl", stripSlash(settings.string("apiUrl", DEFAULT_API_URL)));
        if (!"http".equals(api.getScheme()) && !"https".equals(api.getScheme())) {
            throw new ConfigException("apiUrl must be http:// or https://, got " + api);
        }
        URI ws = settings.optionalString("wsUrl").map(v -> uri("wsUrl", v)).orElseGet(() -> defaultWsUrl(api));
        if (!"ws".equals(ws.getScheme()) && !"wss".equals(ws.getScheme())) {
            throw new ConfigException("wsUrl must be ws:// or wss://, got " + ws);
        }
        String origin = settings.optionalString("origin").orElse(null);
        Optional<String> token = settings.optionalString("token");
        Optional<String> secret = settings.optionalString("secret");
        String resolved = token.orElseGet(() -> secret
                .map(s -> new TokenMinter(s).harnessToken(Ttl.parse(settings.string("tokenTtl", "6h"))))
                .orElse(null));
        return new Target(api, ws, origin, resolved);
    }

    static URI defaultWsUrl(URI api) {
        String scheme = "https".equals(api.getScheme()) ? "wss" : "ws";
        String path = api.getPath() == null ? "" : api.getPath();
        return URI.create(scheme + "://" + api.getRawAuthority() + stripSlash(path) + "/realtime");
    }

    private static URI uri(String key, String value) {
        try {
            return URI.create(value);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(key + " is not a URL: " + value);
        }
    }

    private static String stripSlash(String value) {
        return value.endsWith("/") ? value.substring(0, value.length() - 1) : value;
    }

    public URI apiUrl() {
        return apiUrl;
    }

    public URI api(String path) {
        return URI.create(apiUrl + path);
    }

    public URI wsUrl() {
        return wsUrl;
    }

    public String origin() {
        return origin;
    }

    public Optional<String> token() {
        return Optional.ofNullable(token);
    }

    public Target withOrigin(String newOrigin) {
        return new Target(apiUrl, wsUrl, newOrigin, token);
    }

    public Target withWsUrl(URI newWsUrl) {
        return new Target(apiUrl, newWsUrl, origin, token);
    }

    public Map<String, Object> describe() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("apiUrl", apiUrl.toString());
        out.put("wsUrl", wsUrl.toString());
        out.put("origin", origin);
        out.put("auth", token != null);
        return out;
    }
}
