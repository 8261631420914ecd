package dev.herald.adapter.rest;

import dev.herald.adapter.http.Bearer;
import dev.herald.adapter.http.JsonText;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.operator.Maintenance;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/** Every HTTP error is a JSON body {@code {"code","message"}} with the contract's code. */
final class ErrorResponses {

    private ErrorResponses() {
    }

    static Response of(Rejection rejection) {
        return of(HttpStatusOfCode.of(rejection.code()), rejection.code(), rejection.message());
    }

    static Response of(int status, ErrorCode code, String message) {
        return of(status, code.name(), message);
    }

    /** For the one answer that is not a contract code: {@code INTERNAL_ERROR} on a bug. */
    static Response of(int status, String code, String message) {
        StringBuilder body = new StringBuilder("{\"code\":\"").append(code).append("\",\"message\":");
        JsonText.appendString(body, message);
        body.append('}');
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body.toString());
        if (ErrorCode.UNAUTHORIZED.name().equals(code) || ErrorCode.REVOKED.name().equals(code)) {
            response.header("WWW-Authenticate", "Bearer");
        }
        if (ErrorCode.MAINTENANCE.name().equals(code)) {
            response.header("Retry-After", String.valueOf(Maintenance.RETRY_AFTER.toSeconds()));
        } else if (status == 503) {
            response.header("Retry-After", "1");
        }
        return response.build();
    }
}
