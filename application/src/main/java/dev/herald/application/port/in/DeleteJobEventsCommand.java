package dev.herald.application.port.in;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.JobId;

import java.util.Objects;
import java.util.OptionalLong;

/**
 * An operator deletes a job's events on demand.
 *
 * @param beforeSeq the events with a lower seq are deleted; all of them when empty
 */
public record DeleteJobEventsCommand(JobId jobId, OptionalLong beforeSeq, Credentials credentials) {

    public DeleteJobEventsCommand {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(beforeSeq, "beforeSeq");
        Objects.requireNonNull(credentials, "credentials");
        if (beforeSeq.isPresent() && beforeSeq.getAsLong() < 1) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "beforeSeq must be an integer >= 1");
        }
    }
}
