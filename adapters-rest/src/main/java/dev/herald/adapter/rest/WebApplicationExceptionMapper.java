package dev.herald.adapter.rest;

import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.error.ErrorCode;
import jakarta.inject.Inject;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * What JAX-RS itself refuses (unknown path, wrong method, unacceptable media type) still answers
 * with a JSON body and a contract code, never an HTML page.
 */
@Provider
public class WebApplicationExceptionMapper implements ExceptionMapper<WebApplicationException> {

    @Inject
    Telemetry telemetry;

    @Override
    public Response toResponse(WebApplicationException exception) {
        int status = exception.getResponse() == null ? 500 : exception.getResponse().getStatus();
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.MESSAGE_TOO_LARGE;
            case 503 -> ErrorCode.STORE_UNAVAILABLE;
            default -> ErrorCode.BAD_REQUEST;
        };
        if (status >= 500 && code != ErrorCode.STORE_UNAVAILABLE) {
            return ErrorResponses.of(status, "INTERNAL_ERROR", "Internal error");
        }
        telemetry.rejected(code);
        return ErrorResponses.of(status, code, reason(status));
    }

    private static String reason(int status) {
        return switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 406 -> "Only application/json responses are available";
            case 415 -> "Unsupported content type; send application/json";
            case 413 -> "Request body too large";
            default -> "Bad request";
        };
    }
}
