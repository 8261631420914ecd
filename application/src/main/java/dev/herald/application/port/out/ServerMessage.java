package dev.herald.application.port.out;

import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.Member;
import dev.herald.domain.presence.PresenceNotice;

import java.util.List;
import java.time.Instant;
import java.util.Objects;
import java.util.Optional;
import java.util.OptionalLong;

/** What the gateway says to a client. The transport adapter turns these into frames. */
public sealed interface ServerMessage {

    /**
     * @param firstSeq  the job's lowest stored seq ({@code headSeq + 1} when none is stored)
     * @param truncated events after {@code afterSeq} were deleted by retention: the replay starts at {@code firstSeq}
     */
    record Subscribed(JobId jobId, long afterSeq, long headSeq, long firstSeq, boolean truncated,
                      Optional<String> requestId) implements ServerMessage {

        /** Of a job nothing was deleted from (first seq 1). */
        public Subscribed(JobId jobId, long afterSeq, long headSeq, Optional<String> requestId) {
            this(jobId, afterSeq, headSeq, 1, false, requestId);
        }
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

    /**
     * One event of an ephemeral channel: no seq, no replay. The fan-out hands the same instance to
     * every subscriber of the channel, so an adapter can encode it once.
     */
    record Relayed(RelayedEvent event) implements ServerMessage {

        public Relayed {
            Objects.requireNonNull(event, "event");
        }
    }

    /** A client's publish was accepted; {@code seq} is there when the channel is durable (stored first). */
    record Published(JobId jobId, OptionalLong seq, Optional<String> requestId) implements ServerMessage {

        public Published {
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(seq, "seq");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    record CaughtUp(JobId jobId, long seq, long replayed, long durationMs) implements ServerMessage {
    }

    record Unsubscribed(JobId jobId, Optional<String> requestId) implements ServerMessage {
    }

    record Pong(Optional<String> requestId) implements ServerMessage {
    }

    /** The answer to {@code presence}: the channel's members on every instance, first joined first. */
    record Presence(JobId jobId, List<Member> members, Optional<String> requestId) implements ServerMessage {

        public Presence {
            Objects.requireNonNull(jobId, "jobId");
            members = List.copyOf(members);
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** A refresh succeeded. {@code expiresAt} is when the new token runs out; empty with auth off. */
    record Refreshed(Optional<Instant> expiresAt, Optional<String> requestId) implements ServerMessage {

        public Refreshed {
            Objects.requireNonNull(expiresAt, "expiresAt");
            Objects.requireNonNull(requestId, "requestId");
        }
    }

    /** {@code join} or {@code leave}: another member of a channel this client follows came or went. */
    record MemberChanged(PresenceNotice.Kind kind, JobId jobId, Member member) implements ServerMessage {

        public MemberChanged {
            Objects.requireNonNull(kind, "kind");
            Objects.requireNonNull(jobId, "jobId");
            Objects.requireNonNull(member, "member");
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
