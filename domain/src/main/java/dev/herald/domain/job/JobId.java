package dev.herald.domain.job;

/** A job's identity, validated as the contract says (else {@code BAD_REQUEST}). */
public record JobId(String value) implements Comparable<JobId> {

    public JobId {
        Identifier.require(value, "jobId");
    }

    public static JobId of(String value) {
        return new JobId(value);
    }

    @Override
    public int compareTo(JobId other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
