package dev.herald.adapter.mongo;

import dev.herald.domain.job.JobId;

import java.util.ArrayList;
import java.util.List;

/**
 * The {@code _id} of an event document: the job id, a slash and the seq as 19 digits, e.g.
 * {@code job-42/0000000000000000007}.
 *
 * <p>Why a computed {@code _id}: "is seq N of job J stored?" and "the events N..M of job J" become
 * point lookups on the {@code _id} index ({@code {_id: key}} and {@code {_id: {$in: [keys]}}}).
 * That is the one kind of query both engines answer from an index: mongo-java-server uses an index
 * only for equality (or, on a single-field index, {@code $in}) on all of its fields, and scans the
 * whole collection for anything else, ranges and sorts included.
 *
 * <p>A job id never contains a slash (only {@code [A-Za-z0-9._:-]}), and 19 digits hold every
 * positive {@code long}, so one job's keys sort by seq and form one contiguous range of the
 * {@code _id} index: a real MongoDB could also range-scan them.
 */
final class EventKeys {

    static final char SEPARATOR = '/';
    private static final int SEQ_DIGITS = 19;

    private EventKeys() {
    }

    static String of(JobId jobId, long seq) {
        if (seq < 1) {
            throw new IllegalArgumentException("seq starts at 1, got " + seq);
        }
        String digits = Long.toString(seq);
        StringBuilder key = new StringBuilder(jobId.value().length() + 1 + SEQ_DIGITS)
                .append(jobId.value()).append(SEPARATOR);
        key.append("0".repeat(SEQ_DIGITS - digits.length())).append(digits);
        return key.toString();
    }

    /** The keys of seqs {@code first..last} (both included; none when {@code last < first}). */
    static List<String> range(JobId jobId, long first, long last) {
        List<String> keys = new ArrayList<>((int) Math.max(0, Math.min(last - first + 1, 4096)));
        for (long seq = first; seq <= last && seq >= first; seq++) { // seq >= first: stop at overflow
            keys.add(of(jobId, seq));
        }
        return keys;
    }

    /** The seq in a key made by {@link #of}. */
    static long seqOf(String key) {
        int separator = key.lastIndexOf(SEPARATOR);
        if (separator < 0 || key.length() - separator - 1 != SEQ_DIGITS) {
            throw new IllegalStateException("A " + JobEventDocument.COLLECTION + " document has a malformed _id");
        }
        return Long.parseLong(key, separator + 1, key.length(), 10);
    }
}
