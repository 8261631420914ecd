package dev.herald.domain.job;

/**
 * A publisher's name for one logical publish ({@code Idempotency-Key}): a retry with the same key
 * stores nothing new. Same character rules as a job id.
 */
public record IdempotencyKey(String value) {

    public IdempotencyKey {
        Identifier.require(value, "Idempotency-Key");
    }

    public static IdempotencyKey of(String value) {
        return new IdempotencyKey(value);
    }

    @Override
    public String toString() {
        return value;
    }
}
