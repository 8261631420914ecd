package dev.herald.adapter.rest;

import dev.herald.adapter.http.JsonText;
import dev.herald.adapter.http.WireTime;
import dev.herald.application.port.in.MaintenanceUseCase;
import dev.herald.domain.operator.Maintenance;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.PUT;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.io.InputStream;

/**
 * {@code /api/admin/maintenance}: reads and switches maintenance mode for every instance on the
 * bus. Behind the admin guard ({@link AdminGuardFilter}).
 */
@ApplicationScoped
@Path("/admin/maintenance")
public class MaintenanceResource {

    @Inject
    MaintenanceUseCase maintenance;

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response read() {
        return answer(maintenance.current());
    }

    @PUT
    @Produces(MediaType.APPLICATION_JSON)
    public Response change(InputStream body) {
        AdminRequestReader.MaintenanceSwitch request = AdminRequestReader.maintenance(body);
        return answer(maintenance.switchTo(request.enabled(), request.message()));
    }

    private static Response answer(Maintenance state) {
        return Response.ok(json(state)).header("Cache-Control", "no-store").build();
    }

    static String json(Maintenance state) {
        StringBuilder out = new StringBuilder("{\"enabled\":").append(state.enabled()).append(",\"since\":");
        if (state.since().isPresent()) {
            out.append('"').append(WireTime.format(state.since().get())).append('"');
        } else {
            out.append("null");
        }
        out.append(",\"message\":");
        if (state.message().isPresent()) {
            JsonText.appendString(out, state.message().get());
        } else {
            out.append("null");
        }
        return out.append('}').toString();
    }
}
