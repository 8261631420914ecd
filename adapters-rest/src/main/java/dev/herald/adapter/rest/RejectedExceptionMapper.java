package dev.herald.adapter.rest;

import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.error.RejectedException;
import jakarta.inject.Inject;
import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/** A use case said no: the contract code, its HTTP status, counted like every rejection. */
@Provider
public class RejectedExceptionMapper implements ExceptionMapper<RejectedException> {

    @Inject
    Telemetry telemetry;

    @Override
    public Response toResponse(RejectedException exception) {
        telemetry.rejected(exception.code());
        return ErrorResponses.of(exception.rejection());
    }
}
