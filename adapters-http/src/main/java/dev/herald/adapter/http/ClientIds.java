package dev.herald.adapter.http;

import dev.herald.domain.client.ClientId;

import java.security.SecureRandom;
import java.util.Base64;

/**
 * New connections' ids, the same on every transport: 128 random bits, URL-safe. Ids appear in logs
 * and must not be guessable; they are also unique across instances, since a relayed event's
 * {@code from} names its sender's connection on whichever instance it is (a container's own
 * session ids are unique only within one server).
 */
public final class ClientIds {

    private static final SecureRandom RANDOM = new SecureRandom();

    private ClientIds() {
    }

    public static ClientId next() {
        byte[] bytes = new byte[16];
        RANDOM.nextBytes(bytes);
        return ClientId.of(Base64.getUrlEncoder().withoutPadding().encodeToString(bytes));
    }
}
