package dev.herald.adapter.rest;

import dev.herald.adapter.http.JsonText;
import dev.herald.adapter.http.WireTime;
import dev.herald.application.port.in.RevokeUserUseCase;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

/**
 * {@code DELETE /api/admin/users/{sub}}: revokes a user on every instance. Behind the admin guard
 * ({@link AdminGuardFilter}).
 */
@ApplicationScoped
@Path("/admin/users")
public class AdminUsersResource {

    @Inject
    RevokeUserUseCase revoke;

    @DELETE
    @Path("{sub}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response revoke(@PathParam("sub") String subject) {
        RevokeUserUseCase.RevokedUser revoked = revoke.revoke(subject);
        StringBuilder out = new StringBuilder("{\"user\":");
        JsonText.appendString(out, revoked.revocation().subject());
        out.append(",\"revokedAt\":\"").append(WireTime.format(revoked.revocation().revokedAt())).append("\",");
        OperatorBodies.appendConnections(out, "closed", revoked.closed());
        return Response.ok(out.append('}').toString()).build();
    }
}
