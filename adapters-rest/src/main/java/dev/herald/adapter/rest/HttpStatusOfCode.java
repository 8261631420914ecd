package dev.herald.adapter.rest;

import dev.herald.domain.error.ErrorCode;

/** How a contract error code reads over HTTP (public for the doc tests, which hold rest-api.md to it). */
public final class HttpStatusOfCode {

    private HttpStatusOfCode() {
    }

    public static int of(ErrorCode code) {
        return switch (code) {
            case BAD_REQUEST -> 400;
            case UNAUTHORIZED, TOKEN_EXPIRED, REVOKED -> 401; // REST verifies each request: an expired or revoked token is 401
            case FORBIDDEN, ORIGIN_NOT_ALLOWED -> 403;
            case NOT_FOUND -> 404;
            case IDEMPOTENCY_KEY_REUSED -> 409;
            case MESSAGE_TOO_LARGE -> 413;
            case RATE_LIMITED, CONNECTION_LIMIT, ORIGIN_LIMIT, IP_LIMIT, SUBSCRIPTION_LIMIT -> 429;
            case STORE_UNAVAILABLE, SHUTTING_DOWN, MAINTENANCE -> 503;
            // WebSocket only: a REST request never earns them
            case IDLE_TIMEOUT, SLOW_CONSUMER, DISCONNECTED -> 400;
        };
    }
}
