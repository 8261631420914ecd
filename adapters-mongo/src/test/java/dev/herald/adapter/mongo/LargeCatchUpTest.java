package dev.herald.adapter.mongo;

import com.mongodb.client.MongoClient;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.InsertManyOptions;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.bson.Document;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Date;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A catch-up far larger than the heap, read page by page. Surefire runs this class alone in a JVM
 * with {@code -Xmx48m} (execution {@code bounded-heap}); the server runs in a child JVM so that only
 * the store's own memory use counts. Holding the events of more than a few pages at once would end
 * in an OutOfMemoryError.
 */
@Tag("bounded-heap")
class LargeCatchUpTest {

    private static final int EVENTS = 50_000;
    /** The REST API's largest page; the gateway's catch-up uses 500 by default. */
    private static final int PAGE = 1_000;
    private static final int PAYLOAD_CHARS = 1_200;
    private static final Instant T0 = Instant.parse("2026-01-01T00:00:00Z");

    @Test
    void fiftyThousandEventsStreamPageByPageInABoundedHeap() throws Exception {
        long totalPayloadBytes = (long) EVENTS * PAYLOAD_CHARS;
        assertThat(totalPayloadBytes).as("the events must not fit in this JVM's heap")
                .isGreaterThan(Runtime.getRuntime().maxMemory());
        JobId job = JobId.of("job-large-catch-up");

        try (ForkedMongoServer server = ForkedMongoServer.start("1g")) {
            MongoSettings settings = MongoSettings.of(server.connectionUri());
            try (MongoClient client = MongoEventStoreFactory.newClient(settings)) {
                MongoEventStore store = MongoEventStoreFactory.newStore(client, settings);
                fill(client.getDatabase(settings.database()).getCollection(JobEventDocument.COLLECTION), job);
                assertThat(store.headSeq(job)).isEqualTo(EVENTS);

                long read = 0;
                long afterSeq = 0;
                while (true) {
                    List<JobEvent> page = store.readAfter(job, afterSeq, PAGE);
                    if (page.isEmpty()) {
                        break;
                    }
                    assertThat(page.size()).isLessThanOrEqualTo(PAGE);
                    for (JobEvent event : page) {
                        assertThat(event.seq()).isEqualTo(afterSeq + 1);
                        assertThat(event.payload()).isEqualTo(payload(event.seq()));
                        afterSeq = event.seq();
                    }
                    read += page.size();
                }
                assertThat(read).isEqualTo(EVENTS);
                assertThat(afterSeq).isEqualTo(EVENTS);
            }
        }
    }

    /**
     * Written in bulk in the store's document format (with their computed {@code _id}s), without a
     * {@code job_heads} document: appending 50 000 events one by one would take a minute, appends are
     * covered by the contract test, and this test is about reading. The missing heads document makes
     * the first {@code headSeq} take the fallback (the sort query, once) and repair it.
     */
    private static void fill(MongoCollection<Document> events, JobId job) {
        List<Document> batch = new ArrayList<>();
        for (long seq = 1; seq <= EVENTS; seq++) {
            batch.add(new Document(JobEventDocument.ID, EventKeys.of(job, seq))
                    .append(JobEventDocument.JOB_ID, job.value())
                    .append(JobEventDocument.SEQ, seq)
                    .append(JobEventDocument.EVENT_TYPE, "step")
                    .append(JobEventDocument.OCCURRED_AT, Date.from(T0.plusMillis(seq)))
                    .append(JobEventDocument.PAYLOAD, payload(seq)));
            if (batch.size() == 1_000) {
                events.insertMany(batch, new InsertManyOptions().ordered(true));
                batch = new ArrayList<>();
            }
        }
        if (!batch.isEmpty()) {
            events.insertMany(batch);
        }
    }

    private static String payload(long seq) {
        String prefix = "{\"seq\":" + seq + ",\"text\":\"";
        String suffix = "\"}";
        return prefix + "x".repeat(PAYLOAD_CHARS - prefix.length() - suffix.length()) + suffix;
    }
}
