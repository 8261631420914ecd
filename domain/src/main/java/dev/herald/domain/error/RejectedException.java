package dev.herald.domain.error;

/**
 * Thrown where a request cannot go on; carries the contract code so every edge (WebSocket frame,
 * HTTP status) can answer with it. Expected client errors: no stack trace is filled in.
 */
public class RejectedException extends RuntimeException {

    private final transient Rejection rejection;

    public RejectedException(Rejection rejection) {
        super(rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    public RejectedException(ErrorCode code, String message) {
        this(new Rejection(code, message));
    }

    public Rejection rejection() {
        return rejection;
    }

    public ErrorCode code() {
        return rejection.code();
    }
}
