package dev.herald.adapter.rest.sse;

import dev.herald.domain.client.OriginAllowList;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/**
 * The CORS answer for a page on another origin that opens a stream: an {@code EventSource} (with
 * or without credentials) reads the stream only when the response names its origin. Only origins
 * the allow-list admits get it (every origin when no list is set); the stream itself is refused
 * for the others anyway ({@code ORIGIN_NOT_ALLOWED}).
 */
final class StreamCors {

    private final OriginAllowList allowList;
    private final Optional<String> origin;

    StreamCors(OriginAllowList allowList, Optional<String> origin) {
        this.allowList = allowList;
        this.origin = origin;
    }

    private boolean allowed() {
        return origin.isPresent() && allowList.check(origin).isEmpty();
    }

    void apply(HttpServletResponse response) {
        if (allowed()) {
            response.setHeader("Access-Control-Allow-Origin", origin.get());
            response.setHeader("Access-Control-Allow-Credentials", "true");
            response.addHeader("Vary", "Origin");
        }
    }

    /**
     * A preflight: a cross-origin {@code fetch} that sends {@code Authorization} or
     * {@code Last-Event-ID} asks first.
     */
    void preflight(HttpServletResponse response) throws IOException {
        if (!allowed()) {
            response.setStatus(403);
            response.setContentType("application/json");
            byte[] body = "{\"code\":\"ORIGIN_NOT_ALLOWED\",\"message\":\"Origin not allowed\"}"
                    .getBytes(StandardCharsets.UTF_8);
            response.setContentLength(body.length);
            response.getOutputStream().write(body);
            return;
        }
        response.setStatus(204);
        apply(response);
        response.setHeader("Access-Control-Allow-Methods", "GET");
        response.setHeader("Access-Control-Allow-Headers", "Authorization, Last-Event-ID, Cache-Control, Accept");
        response.setHeader("Access-Control-Max-Age", "600");
    }
}
