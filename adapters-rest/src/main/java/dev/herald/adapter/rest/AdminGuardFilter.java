package dev.herald.adapter.rest;

import dev.herald.adapter.http.Bearer;
import dev.herald.adapter.http.ClientAddressResolver;
import dev.herald.application.port.in.AuthorizeAdminUseCase;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.error.RejectedException;
import jakarta.annotation.Priority;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Priorities;
import jakarta.ws.rs.container.ContainerRequestContext;
import jakarta.ws.rs.container.ContainerRequestFilter;
import jakarta.ws.rs.container.ResourceInfo;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.ext.Provider;

import java.lang.reflect.Method;
import java.util.Optional;

/**
 * The one guard of every admin endpoint ({@link AdminPaths}): runs after matching, before the
 * resource method, on the caller's address as the WebSocket admission sees it (trusted proxies and
 * {@code X-Forwarded-For}). A refusal is answered here with its contract code, counted and logged.
 */
@Provider
@Priority(Priorities.AUTHENTICATION)
public class AdminGuardFilter implements ContainerRequestFilter {

    private static final System.Logger LOG = System.getLogger(AdminGuardFilter.class.getName());

    @Inject
    AuthorizeAdminUseCase guard;

    @Inject
    ClientAddressResolver addresses;

    @Inject
    Telemetry telemetry;

    @Context
    ResourceInfo resource;

    @Context
    HttpServletRequest request;

    @Override
    public void filter(ContainerRequestContext context) {
        Class<?> type = resource.getResourceClass();
        Method method = resource.getResourceMethod();
        if (type == null || method == null || !AdminPaths.guarded(pathOf(type.getAnnotation(Path.class)),
                pathOf(method.getAnnotation(Path.class)))) {
            return;
        }
        String address = addresses.resolve(request.getRemoteAddr(),
                Optional.ofNullable(context.getHeaderString("X-Forwarded-For")));
        try {
            guard.authorize(Bearer.from(context.getHeaderString(HttpHeaders.AUTHORIZATION)), address);
        } catch (RejectedException e) {
            telemetry.rejected(e.code());
            LOG.log(System.Logger.Level.INFO, () -> "Admin request refused: " + e.code() + " "
                    + context.getMethod() + " /api/" + context.getUriInfo().getPath(false).replaceFirst("^/", "")
                    + " from " + address);
            context.abortWith(ErrorResponses.of(e.rejection()));
        }
    }

    private static String pathOf(Path path) {
        return path == null ? null : path.value();
    }
}
