package dev.herald.adapter.rest;

import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.error.ErrorCode;
import jakarta.inject.Inject;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.annotation.WebServlet;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;

import java.io.IOException;

/**
 * The error page for whatever the web container refuses before the REST layer sees it (an
 * encoded slash or NUL in the path, an unknown URL outside {@code /api}): still a JSON body with a
 * contract code, never the container's HTML page. Mapped as the error page in web-fragment.xml.
 */
@WebServlet(urlPatterns = JsonErrorPageServlet.PATH)
public class JsonErrorPageServlet extends HttpServlet {

    static final String PATH = "/herald-error";

    @Inject
    Telemetry telemetry;

    @Override
    protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
        Object attribute = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        int status = attribute instanceof Integer code ? code : HttpServletResponse.SC_NOT_FOUND;
        ErrorCode code = switch (status) {
            case 401 -> ErrorCode.UNAUTHORIZED;
            case 403 -> ErrorCode.FORBIDDEN;
            case 404 -> ErrorCode.NOT_FOUND;
            case 413 -> ErrorCode.MESSAGE_TOO_LARGE;
            default -> ErrorCode.BAD_REQUEST;
        };
        boolean internal = status >= 500;
        if (!internal) {
            telemetry.rejected(code);
        }
        response.setStatus(status);
        response.setContentType("application/json");
        response.setCharacterEncoding("UTF-8");
        response.getWriter().write(internal ? "{\"code\":\"INTERNAL_ERROR\",\"message\":\"Internal error\"}"
                : "{\"code\":\"" + code.name() + "\",\"message\":\"" + message(status) + "\"}");
    }

    private static String message(int status) {
        return switch (status) {
            case 404 -> "Not found";
            case 405 -> "Method not allowed";
            case 400 -> "Bad request: the URL or the request is malformed";
            default -> "Request refused (HTTP " + status + ")";
        };
    }
}
