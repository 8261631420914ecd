package dev.herald.adapter.file;

import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.Sender;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Reads a job's events from the records the index points at, with positional reads. A job's
 * consecutive records are often close in the file (written in the same group, or soon after), so
 * a read takes a window of the file and serves every record that falls in it.
 */
final class EventReader {

    private static final int WINDOW_BYTES = 16 << 10;

    private final SegmentLog log;
    private final EventTypes types;

    EventReader(SegmentLog log, EventTypes types) {
        this.log = log;
        this.types = types;
    }

    /** The events {@code from..to} of the job, held by the records of {@code span}. */
    List<JobEvent> read(JobId jobId, JobLog.Span span, long from, long to) throws IOException {
        List<JobEvent> events = new ArrayList<>((int) (to - from + 1));
        Window window = new Window();
        for (int i = 0; i < span.positions().length; i++) {
            long position = span.positions()[i];
            ByteBuffer body = window.record(position);
            RecordBody record = RecordFormat.read(body);
            if (!record.jobId().equals(jobId.value()) || record.firstSeq() != span.firstSeqs()[i]) {
                throw new CorruptRecordException("the record at " + describe(position) + " holds job "
                        + record.jobId() + " seq " + record.firstSeq() + ", the index says job " + jobId + " seq "
                        + span.firstSeqs()[i]);
            }
            Instant at = Instant.ofEpochMilli(record.occurredAtMillis());
            record.forEachEvent(new RecordBody.EventVisitor() {
                @Override
                public boolean wantsPayload(long seq) {
                    return seq >= from && seq <= to;
                }

                @Override
                public void event(long seq, String type, String payload, Optional<Sender> from) {
                    if (payload != null) {
                        events.add(new JobEvent(jobId, seq, types.of(type), at, payload, from));
                    }
                }
            });
        }
        return events;
    }

    private static String describe(long position) {
        return "segment " + SegmentLog.segmentOf(position) + " offset " + SegmentLog.offsetOf(position);
    }

    /** The last stretch of the file read, reused while the next records fall in it. */
    private final class Window {
        private ByteBuffer bytes;
        private long start = -1;

        /** The body of the record at {@code position}. */
        ByteBuffer record(long position) throws IOException {
            ByteBuffer header = slice(position, RecordFormat.HEADER_BYTES);
            int length = header.getInt(header.position());
            if (length <= 0 || length > RecordFormat.MAX_BODY_BYTES) {
                throw new CorruptRecordException("a record length of " + length + " at " + describe(position));
            }
            return slice(position + RecordFormat.HEADER_BYTES, length);
        }

        private ByteBuffer slice(long position, int length) throws IOException {
            boolean inWindow = bytes != null && SegmentLog.segmentOf(position) == SegmentLog.segmentOf(start)
                    && position >= start && position + length <= start + bytes.limit();
            if (!inWindow) {
                bytes = ByteBuffer.allocate(Math.max(WINDOW_BYTES, length));
                log.read(position, bytes);
                bytes.flip();
                start = position;
                if (bytes.limit() < length) {
                    throw new CorruptRecordException("the segment ends inside the record at " + describe(position));
                }
            }
            return bytes.slice((int) (position - start), length);
        }
    }
}
