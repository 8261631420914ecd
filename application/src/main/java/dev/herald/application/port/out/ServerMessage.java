package dev.herald.application.port.out;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.Objects;
import java.util.Optional;

/** What the gateway says to a client. The transport adapter turns these into frames. */
public sealed interface ServerMessage {

    record Subscribed(JobId jobId, long afterSeq, long headSeq, Optional<String> requestId)
            implements ServerMessage {
    }

    /**
     * One event. The live fan-out hands the same instance to every subscriber of the job, so an
     * adapter can encode it once.
     */
    record Event(JobEvent event, boolean replay) implements ServerMessage {

        public Event {
            Objects.requireNonNull(event, "event");
        }
    }

    record CaughtUp(JobId jobId, long seq, long replayed, long durationMs) implements ServerMessage {
    }

    record Unsubscribed(JobId jobId, Optional<String> requestId) implements ServerMessage {
    }

    record Pong(Optional<String> requestId) implements ServerMessage {
    }

    /** A refresh succeeded. {@code expiresAt} is when the new token runs out; empty with auth off. */
    record Refreshed(Optional<Instant> expiresAt, Optional<String> requestId) implements ServerMessage {

        public Refreshed {
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    record Error(ErrorCode code, String message, Optional<JobId> jobId, Optional<String> requestId)
            implements ServerMessage {

        public Error {
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(message, "message");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(requestId, "requestId");
        }

        public static Error of(ErrorCode code, String message) {
            return new Error(code, message, Optional.empty(), Optional.empty());
        }
    }
}
