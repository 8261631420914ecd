package dev.herald.adapter.mongo;

import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Projections;
import com.mongodb.client.model.Updates;
import dev.herald.application.port.out.AppendResult;
import dev.herald.application.port.out.IdempotencyClaim;
import dev.herald.application.port.out.IdempotencyKeyReusedException;
import dev.herald.domain.job.JobId;
import org.bson.Document;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static dev.herald.adapter.mongo.JobEventDocument.BATCH_LAST;
import static dev.herald.adapter.mongo.JobEventDocument.ID;
import static dev.herald.adapter.mongo.JobEventDocument.OCCURRED_AT;
import static dev.herald.adapter.mongo.JobEventDocument.PUBLISH_FINGERPRINT;
import static dev.herald.adapter.mongo.JobEventDocument.PUBLISH_KEY;
import static dev.herald.adapter.mongo.JobEventDocument.SEQ;

/**
 * The idempotency keys of a group of appends, looked up before the group is written: one
 * {@code {publishKey: {$in: [...]}}} query on the unique sparse index (only for a group with keyed
 * appends). The key lives on the first document of its append, so it is stored with the events, in
 * the same insert: no second write, no window in which one exists without the other.
 *
 * <p>A key found stored completes its append as a replay of the first (or fails it with
 * {@link IdempotencyKeyReusedException}); a key remembered before its window is released (taken
 * off its old event) so that it can be used again. Two appends with one key racing (on two
 * instances, or in one group) cannot both be stored: the unique index refuses the second insert,
 * which then finds the key here on its next attempt.
 */
final class PublishKeys {

    /** What the lookup left to write, and whether one of them must wait for its key's append to finish. */
    record Settled(List<PendingAppend> toWrite, boolean waitForOpenAppend) {
    }

    private final MongoCollection<Document> events;

    PublishKeys(MongoCollection<Document> events) {
        this.events = events;
    }

    /**
     * @param readableHead the job's head: an append whose first seq is past it is still open (its
     *                     batch being written, or cut short), so its key is neither replayed nor
     *                     released yet
     */
    Settled settle(JobId jobId, List<PendingAppend> group, long readableHead) {
        Map<String, PendingAppend> keyed = new HashMap<>();
        for (PendingAppend append : group) {
            append.claim().ifPresent(claim -> keyed.putIfAbsent(JobEventDocument.publishKey(jobId, claim.key()), append));
        }
        if (keyed.isEmpty()) {
            return new Settled(group, false);
        }
        Map<String, Document> found = new HashMap<>();
        events.find(Filters.in(PUBLISH_KEY, new ArrayList<>(keyed.keySet())))
                .projection(Projections.include(ID, SEQ, OCCURRED_AT, BATCH_LAST, PUBLISH_KEY, PUBLISH_FINGERPRINT))
                .forEach(document -> found.put(document.getString(PUBLISH_KEY), document));
        List<PendingAppend> toWrite = new ArrayList<>(group.size());
        boolean waitForOpen = false;
        for (PendingAppend append : group) {
            if (append.claim().isEmpty()) {
                toWrite.add(append);
                continue;
            }
            IdempotencyClaim claim = append.claim().get();
            Document first = found.get(JobEventDocument.publishKey(jobId, claim.key()));
            if (first == null) {
                toWrite.add(append);
                continue;
            }
            long firstSeq = first.get(SEQ, Number.class).longValue();
            if (firstSeq > readableHead) {
                waitForOpen = true;
                toWrite.add(append);
                continue;
            }
            Instant at = first.getDate(OCCURRED_AT).toInstant();
            if (at.isBefore(claim.forgetBefore())) {
                release(first);
                toWrite.add(append);
            } else if (!claim.fingerprint().equals(first.getString(PUBLISH_FINGERPRINT))) {
                append.failed(new IdempotencyKeyReusedException(jobId, claim.key()));
            } else {
                append.replayed(new AppendResult(jobId, firstSeq, JobEventDocument.appendLastSeq(first), at, true));
            }
        }
        return new Settled(toWrite, waitForOpen);
    }

    /** A key past its window: taken off its event, whose append stays stored. */
    private void release(Document first) {
        events.updateOne(Filters.and(Filters.eq(ID, first.get(ID)), Filters.eq(PUBLISH_KEY, first.get(PUBLISH_KEY))),
                Updates.combine(Updates.unset(PUBLISH_KEY), Updates.unset(PUBLISH_FINGERPRINT)));
    }
}
