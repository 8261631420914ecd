package dev.herald.domain.job;

import java.time.Instant;

/** The REST view of a job: derived from the store's facts and the terminal-type rule. */
public record JobSnapshot(JobId jobId, long headSeq, long eventCount, Instant firstEventAt, Instant lastEventAt,
                          EventType lastEventType, JobStatus status) {

    public static JobSnapshot of(JobFacts facts, TerminalEventTypes terminalTypes) {
        return new JobSnapshot(facts.jobId(), facts.headSeq(), facts.eventCount(), facts.firstEventAt(),
                facts.lastEventAt(), facts.lastEventType(), terminalTypes.statusAfter(facts.lastEventType()));
    }
}
