package dev.herald.adapter.websocket.connection;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.RequestId;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;

import java.util.Optional;
import java.util.OptionalLong;

/** One client frame, parsed: a request the gateway understands, or why it is not one. */
sealed interface InboundRequest {

    record Subscribe(JobId jobId, OptionalLong afterSeq, Optional<RequestId> requestId) implements InboundRequest {
    }

    record Unsubscribe(JobId jobId, Optional<RequestId> requestId) implements InboundRequest {
    }

    record Ping(Optional<RequestId> requestId) implements InboundRequest {
    }

    record Presence(JobId jobId, Optional<RequestId> requestId) implements InboundRequest {
    }

    /** @param payload the payload's JSON text */
    record Publish(JobId jobId, EventType eventType, String payload, Optional<RequestId> requestId)
            implements InboundRequest {

        /** Records print their components: keep the payload out of any log line. */
        @Override
        public String toString() {
            return "Publish[jobId=" + jobId + ", eventType=" + eventType + ", payload=(" + payload.length()
                    + " chars), requestId=" + requestId + "]";
        }
    }

    /** The token travels as {@link Credentials}, whose text form never shows it. */
    record Refresh(Credentials credentials, Optional<RequestId> requestId) implements InboundRequest {
    }

    /** Not a valid request; the reply echoes whatever id and job could be read. */
    record Invalid(Rejection rejection, Optional<JobId> jobId, Optional<RequestId> requestId) implements InboundRequest {
    }
}
