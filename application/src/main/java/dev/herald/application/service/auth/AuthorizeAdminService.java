package dev.herald.application.service.auth;

import dev.herald.application.port.in.AuthorizeAdminUseCase;
import dev.herald.application.port.in.Credentials;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.operator.AdminAccess;

import java.time.Clock;

public final class AuthorizeAdminService implements AuthorizeAdminUseCase {

    private final AdminAccess access;
    private final Authenticator authenticator;
    private final Clock clock;

    public AuthorizeAdminService(boolean adminOpen, Authenticator authenticator, Clock clock) {
        this.access = new AdminAccess(authenticator.authEnabled(), adminOpen);
        this.authenticator = authenticator;
        this.clock = clock;
    }

    @Override
    public void authorize(Credentials credentials, String clientAddress) {
        switch (access.verdict(clientAddress)) {
            case ALLOWED -> {
            }
            case TOKEN_REQUIRED -> authenticator.authorize(credentials, Scope.ADMIN, clock.instant());
            case REFUSED -> throw new RejectedException(ErrorCode.FORBIDDEN, "Admin endpoints answer only loopback"
                    + " callers while auth is off (herald.admin.open=true opens them)");
        }
    }

    @Override
    public boolean openWithoutAuth() {
        return access.open() && !access.authOn();
    }
}
