package dev.herald.adapter.rest;

import dev.herald.adapter.http.JsonText;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.operator.Maintenance;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.function.BiConsumer;

/**
 * Every HTTP error is a JSON body {@code {"code","message"}} with the contract's code, and the
 * headers its code calls for: as a JAX-RS response, or written to a servlet response by the routes
 * that answer without JAX-RS (the publish fast path, a refused event stream).
 */
public final class ErrorResponses {

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
        Response.ResponseBuilder response = Response.status(status).type(MediaType.APPLICATION_JSON_TYPE)
                .entity(body(code, message));
        headers(status, code, response::header);
        return response.build();
    }

    /** Writes the error the REST API answers for {@code rejection} to a servlet response, and completes it. */
    public static void write(HttpServletResponse response, Rejection rejection) throws IOException {
        write(response, HttpStatusOfCode.of(rejection.code()), rejection.code().name(), rejection.message());
    }

    static void write(HttpServletResponse response, int status, String code, String message) throws IOException {
        response.setStatus(status);
        response.setContentType("application/json");
        headers(status, code, response::setHeader);
        byte[] body = body(code, message).getBytes(StandardCharsets.UTF_8);
        response.setContentLength(body.length);
        response.getOutputStream().write(body);
        response.flushBuffer();
    }

    private static String body(String code, String message) {
        StringBuilder body = new StringBuilder("{\"code\":\"").append(code).append("\",\"message\":");
        JsonText.appendString(body, message);
        return body.append('}').toString();
    }

    private static void headers(int status, String code, BiConsumer<String, String> header) {
        if (ErrorCode.UNAUTHORIZED.name().equals(code) || ErrorCode.REVOKED.name().equals(code)) {
            header.accept("WWW-Authenticate", "Bearer");
        }
        if (ErrorCode.MAINTENANCE.name().equals(code)) {
            header.accept("Retry-After", String.valueOf(Maintenance.RETRY_AFTER.toSeconds()));
        } else if (status == 503) {
            header.accept("Retry-After", "1");
        }
    }
}
