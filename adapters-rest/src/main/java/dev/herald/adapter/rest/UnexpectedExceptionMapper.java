package dev.herald.adapter.rest;

import jakarta.ws.rs.core.Response;
import jakarta.ws.rs.ext.ExceptionMapper;
import jakarta.ws.rs.ext.Provider;

/**
 * A bug, not a client error: logged with its stack trace, answered as JSON without internals.
 * No expected client input should ever get here (the fuzz tests check that).
 */
@Provider
public class UnexpectedExceptionMapper implements ExceptionMapper<RuntimeException> {

    private static final System.Logger LOG = System.getLogger(UnexpectedExceptionMapper.class.getName());

    @Override
    public Response toResponse(RuntimeException exception) {
        LOG.log(System.Logger.Level.ERROR, "Unexpected error answering a REST request", exception);
        return ErrorResponses.of(500, "INTERNAL_ERROR", "Internal error");
    }
}
