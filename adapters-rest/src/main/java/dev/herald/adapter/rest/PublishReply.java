package dev.herald.adapter.rest;

/**
 * A publish's answer: its status, JSON body and, when something was stored now, where to read it
 * back ({@code location}, relative to the API's base {@code /api/}; null otherwise).
 * {@code replayed}: a repeated {@code Idempotency-Key}, answered with the first publish's body.
 */
public record PublishReply(int status, String body, String location, boolean replayed) {

    static final String IDEMPOTENT_REPLAYED = "Idempotent-Replayed";

    static PublishReply created(String body, String location) {
        return new PublishReply(201, body, location, false);
    }

    /** 200, since nothing was created now. */
    static PublishReply replayed(String body) {
        return new PublishReply(200, body, null, true);
    }
}
