package dev.herald.application.port.in;

/**
 * The guard of every admin endpoint ({@code /api/admin/...} and the drain): an {@code admin} token
 * with auth on; with auth off, a loopback caller unless admin endpoints were opened on purpose.
 */
public interface AuthorizeAdminUseCase {

    /**
     * @param clientAddress the caller's address after trusted-proxy resolution
     * @throws dev.herald.domain.error.RejectedException {@code UNAUTHORIZED} or {@code FORBIDDEN}
     */
    void authorize(Credentials credentials, String clientAddress);

    /** Admin endpoints answer any caller although auth is off ({@code herald.admin.open}). */
    boolean openWithoutAuth();
}
