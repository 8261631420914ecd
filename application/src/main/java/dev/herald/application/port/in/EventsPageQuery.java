package dev.herald.application.port.in;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.JobId;

import java.util.Objects;

public record EventsPageQuery(JobId jobId, long afterSeq, int limit, Credentials credentials) {

    public static final int DEFAULT_LIMIT = 100;
    public static final int MAX_LIMIT = 1000;

    public EventsPageQuery {
        Objects.requireNonNull(jobId, "jobId");
        Objects.requireNonNull(credentials, "credentials");
        if (afterSeq < 0) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "afterSeq must be an integer >= 0");
        }
        if (limit < 1 || limit > MAX_LIMIT) {
            throw new RejectedException(ErrorCode.BAD_REQUEST, "limit must be between 1 and " + MAX_LIMIT);
        }
    }
}
