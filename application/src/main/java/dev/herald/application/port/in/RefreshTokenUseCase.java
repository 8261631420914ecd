package dev.herald.application.port.in;

/**
 * Replaces a connection's token without reconnecting: answered with {@code refreshed}, after which
 * the new token's grants apply (subscriptions it does not grant end with {@code unsubscribed}).
 * An invalid token is {@code UNAUTHORIZED} and one for another {@code sub} {@code FORBIDDEN}; in
 * both cases the connection stays open with the token it had.
 */
public interface RefreshTokenUseCase {

    void refresh(RefreshCommand command);
}
