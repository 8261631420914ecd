package dev.herald.adapter.file;

import dev.herald.domain.job.Sender;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Optional;

/**
 * Reads a segment from its start, record after record, up to its end or to the first record that
 * is torn (shorter than its length says) or damaged (its CRC or its fields do not check): the
 * write that made it was never acknowledged, and nothing after it counts.
 */
final class SegmentScanner {

    private static final int CHUNK_BYTES = 1 << 20;

    interface RecordVisitor {
        /** A whole, checked record; its events are walked already ({@code lastType} is the last one's). */
        void record(long offset, RecordBody body, String lastType);
    }

    /** Where a segment's good records end, and what followed them. */
    record Scan(long goodEnd, long fileSize, String problem) {
        boolean torn() {
            return goodEnd < fileSize;
        }
    }

    private SegmentScanner() {
    }

    static Scan scan(FileChannel channel, RecordVisitor visitor) throws IOException {
        long size = channel.size();
        ByteBuffer buffer = ByteBuffer.allocate(CHUNK_BYTES);
        buffer.flip();
        long at = 0;
        while (at < size) {
            if (size - at < RecordFormat.HEADER_BYTES) {
                return new Scan(at, size, "a partial record header");
            }
            buffer = ensure(channel, buffer, at, RecordFormat.HEADER_BYTES);
            int length = buffer.getInt(buffer.position());
            int crc = buffer.getInt(buffer.position() + 4);
            if (length <= 0 || length > RecordFormat.MAX_BODY_BYTES) {
                return new Scan(at, size, "a record length of " + length);
            }
            if (size - at - RecordFormat.HEADER_BYTES < length) {
                return new Scan(at, size, "a record cut short");
            }
            buffer = ensure(channel, buffer, at, RecordFormat.HEADER_BYTES + length);
            ByteBuffer body = buffer.slice(buffer.position() + RecordFormat.HEADER_BYTES, length);
            if (!RecordFormat.crcMatches(body, crc)) {
                return new Scan(at, size, "a record whose CRC does not match");
            }
            RecordBody record;
            String[] lastType = new String[1];
            try {
                record = RecordFormat.read(body);
                record.forEachEvent(new RecordBody.EventVisitor() {
                    @Override
                    public boolean wantsPayload(long seq) {
                        return false;
                    }

                    @Override
                    public void event(long seq, String type, String payload, Optional<Sender> from) {
                        lastType[0] = type;
                    }
                });
            } catch (CorruptRecordException e) {
                return new Scan(at, size, "a record that does not parse: " + e.getMessage());
            }
            visitor.record(at, record, lastType[0]);
            buffer.position(buffer.position() + RecordFormat.HEADER_BYTES + length);
            at += RecordFormat.HEADER_BYTES + length;
        }
        return new Scan(at, size, null);
    }

    /**
     * The buffer, whose position is at file offset {@code at}, holding at least {@code bytes} bytes
     * from there (the caller checked the file has them).
     */
    private static ByteBuffer ensure(FileChannel channel, ByteBuffer buffer, long at, int bytes)
            throws IOException {
        if (buffer.remaining() >= bytes) {
            return buffer;
        }
        ByteBuffer target = buffer.capacity() >= bytes ? buffer : ByteBuffer.allocate(bytes);
        if (target == buffer) {
            buffer.compact();
        } else {
            target.put(buffer);
        }
        long fileAt = at + target.position();
        while (target.hasRemaining()) {
            int n = channel.read(target, fileAt);
            if (n < 0) {
                break;
            }
            fileAt += n;
        }
        target.flip();
        return target;
    }
}
