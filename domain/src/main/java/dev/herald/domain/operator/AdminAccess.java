package dev.herald.domain.operator;

/**
 * Who may call an admin endpoint ({@code /api/admin/...}, the drain). With auth on, an {@code admin}
 * token decides. With auth off there is no token to ask, so only the machine itself (a loopback
 * caller) may act, unless the operator opened admin endpoints on purpose: without this, any web page
 * a colleague opens could drain the gateway with a cross-site POST.
 *
 * @param authOn  a shared secret is configured: tokens are verified
 * @param open    {@code herald.admin.open}: with auth off, every caller may act
 */
public record AdminAccess(boolean authOn, boolean open) {

    public enum Verdict {
        /** Auth is on: the caller's token must carry the {@code admin} scope. */
        TOKEN_REQUIRED,
        ALLOWED,
        /** Auth is off and the caller is not on this machine: {@code FORBIDDEN}. */
        REFUSED
    }

    /** @param clientAddress the caller's address after trusted-proxy resolution */
    public Verdict verdict(String clientAddress) {
        if (authOn) {
            return Verdict.TOKEN_REQUIRED;
        }
        if (open || LoopbackAddress.is(clientAddress)) {
            return Verdict.ALLOWED;
        }
        return Verdict.REFUSED;
    }
}
