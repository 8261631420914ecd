package dev.herald.adapter.websocket.rfc6455;

/**
 * Close codes (RFC 6455, section 7.4) and which of them may travel in a close frame. The RFC
 * defines 1000 to 1003 and 1007 to 1011; IANA registered 1012 to 1014 since; 3000 to 4999 belong to
 * libraries and applications (Herald's own 44xx codes among them). 1004 is reserved, 1005, 1006
 * and 1015 are for reporting only and never sent, and everything else is unassigned.
 */
public final class CloseCodes {

    public static final int NORMAL = 1000;
    public static final int GOING_AWAY = 1001;
    public static final int PROTOCOL_ERROR = 1002;
    /** Reported for a close frame that carried no code; never sent. */
    public static final int NO_STATUS = 1005;
    /** Reported for a connection that ended without a close frame; never sent. */
    public static final int ABNORMAL = 1006;
    public static final int INVALID_PAYLOAD = 1007;
    public static final int MESSAGE_TOO_BIG = 1009;

    private CloseCodes() {
    }

    /** Whether a peer may send {@code code} in a close frame. */
    public static boolean allowedOnTheWire(int code) {
        return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014) || (code >= 3000 && code <= 4999);
    }
}
