package dev.herald.adapter.rest;

import dev.herald.adapter.http.Bearer;
import dev.herald.application.port.in.DeleteJobEventsCommand;
import dev.herald.application.port.in.DeleteJobEventsUseCase;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.JobId;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.ws.rs.DELETE;
import jakarta.ws.rs.HeaderParam;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;

import java.util.OptionalLong;

/**
 * {@code DELETE /api/admin/jobs/{jobId}/events?beforeSeq=N}: retention on demand. Deletes the job's
 * events below N (all when absent) and answers what is left; the head stays, so seqs are never
 * reused. Needs {@code admin} when auth is on (the admin guard of every {@code /api/admin} path).
 */
@ApplicationScoped
@Path("/admin/jobs/{jobId}/events")
public class AdminJobEventsResource {

    @Inject
    DeleteJobEventsUseCase deletes;

    @DELETE
    @Produces(MediaType.APPLICATION_JSON)
    public Response delete(@PathParam("jobId") String jobId, @QueryParam("beforeSeq") String beforeSeq,
                           @HeaderParam(HttpHeaders.AUTHORIZATION) String authorization) {
        DeleteJobEventsCommand command = new DeleteJobEventsCommand(JobId.of(jobId), seq(beforeSeq),
                Bearer.from(authorization));
        return Response.ok(JsonBodies.deleted(deletes.delete(command))).build();
    }

    private static OptionalLong seq(String value) {
        if (value == null || value.isEmpty()) {
            return OptionalLong.empty();
        }
        try {
            return OptionalLong.of(Long.parseLong(value));
        } catch (NumberFormatException e) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "beforeSeq must be an integer >= 1");
        }
    }
}
