package dev.herald.application.service.publishing;

import dev.herald.domain.job.NewEvent;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * What a publish carried, as a digest kept with its idempotency key: a repeat of the key with the
 * same events is a retry, with other events a mistake. SHA-256 over each event's type and payload
 * (the payload as the edge re-serialized it, so whitespace does not count), each length-prefixed so
 * that no two different publishes run together into the same bytes.
 */
final class PublishFingerprint {

    private PublishFingerprint() {
    }

    static String of(List<NewEvent> events) {
        MessageDigest digest = sha256();
        for (NewEvent event : events) {
            update(digest, event.eventType().value());
            update(digest, event.payload());
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static void update(MessageDigest digest, String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        int length = bytes.length;
        digest.update(new byte[] {(byte) (length >>> 24), (byte) (length >>> 16), (byte) (length >>> 8), (byte) length});
        digest.update(bytes);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
