package dev.herald.adapter.mongo;

import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.wire.bson.BsonDecoder;
import de.bwaldvogel.mongo.wire.bson.BsonEncoder;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import java.util.zip.CRC32C;

/**
 * The write commands the embedded server ran since its data file's last commit, in the order they
 * ran, so that a hard kill loses none of them: they are run again when the file is next opened.
 * Writing one is a single append to a file (no commit of the store, no sync), cheap enough to do
 * before every write is answered.
 *
 * <p>Segments: {@code herald-events.journal.<n>}. The store's commit rotates to the next segment and
 * records {@code n} in the data file ({@link DurableH2Backend}); a segment whose number is recorded is
 * in the file and is deleted once the file is synced. An entry: its length (4 bytes), the CRC-32C of
 * its body (4 bytes), the body (one BSON document: database, command, the command document). A
 * torn last entry (a crash in the middle of a write) fails its length or CRC check, and reading
 * stops there: its command was never answered.
 */
final class CommandJournal implements AutoCloseable {

    static final String SEGMENT_PREFIX = EmbeddedMongoServer.DATA_FILE_NAME.replace(".mv", ".journal.");
    private static final int HEADER_BYTES = 8;

    /** A journaled command. */
    record Entry(String database, String command, Document query) {
    }

    private final Path directory;
    private long segment;
    private FileChannel channel;
    private boolean empty = true;
    /** A write failed and its part could not be cut off: the segment takes no more entries. */
    private boolean damaged;

    private CommandJournal(Path directory, long segment) {
        this.directory = directory;
        this.segment = segment;
        this.channel = openSegment(directory, segment);
    }

    /** Starts writing segment {@code segment} (which must not exist yet). */
    static CommandJournal startAt(Path directory, long segment) {
        return new CommandJournal(directory, segment);
    }

    /** The numbers of the segments in {@code directory}, in ascending order. */
    static List<Long> segments(Path directory) {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> file.getFileName().toString())
                    .filter(name -> name.startsWith(SEGMENT_PREFIX))
                    .map(name -> parseSegmentNumber(name.substring(SEGMENT_PREFIX.length())))
                    .filter(number -> number >= 0)
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the journal segments in " + directory, e);
        }
    }

    /** The entries of a segment up to its end, or up to a torn or damaged entry. */
    static List<Entry> read(Path directory, long segment) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(segmentFile(directory, segment));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read the journal segment " + segmentFile(directory, segment), e);
        }
        ByteBuffer buffer = ByteBuffer.wrap(bytes);
        List<Entry> entries = new ArrayList<>();
        while (buffer.remaining() >= HEADER_BYTES) {
            int length = buffer.getInt();
            int crc = buffer.getInt();
            if (length <= 0 || length > buffer.remaining()) {
                break;
            }
            byte[] body = new byte[length];
            buffer.get(body);
            if (crc32c(body) != crc) {
                break;
            }
            entries.add(decode(body));
        }
        return entries;
    }

    static void delete(Path directory, long segment) {
        try {
            Files.deleteIfExists(segmentFile(directory, segment));
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot delete the journal segment " + segmentFile(directory, segment), e);
        }
    }

    /** The segment being written. */
    long segment() {
        return segment;
    }

    /** Whether no entry was written, or tried, in the current segment: a checkpoint need not retire it. */
    boolean isEmpty() {
        return empty;
    }

    /**
     * Appends one command. Returns once the bytes are in the file (the operating system's, not yet
     * the disk's): the process may die from then on without losing it.
     *
     * @throws UncheckedIOException when the entry could not be written (the disk is full, say): the
     *                              command must not run
     */
    void append(String database, String command, Document query) {
        if (damaged) {
            throw new UncheckedIOException(new IOException("The journal segment " + segmentFile(directory, segment)
                    + " ends in a failed write; it takes entries again after the next checkpoint"));
        }
        byte[] body = encode(database, command, query);
        ByteBuffer entry = ByteBuffer.allocate(HEADER_BYTES + body.length);
        entry.putInt(body.length).putInt(crc32c(body)).put(body).flip();
        // before the write: a failed one may leave the segment damaged, and only a rotation mends that
        empty = false;
        long start = -1;
        try {
            start = channel.position();
            while (entry.hasRemaining()) {
                channel.write(entry);
            }
        } catch (IOException e) {
            cutOff(start);
            throw new UncheckedIOException("Cannot write to the journal segment " + segmentFile(directory, segment), e);
        }
    }

    /**
     * Removes the part of a failed entry: reading stops at a torn entry, so a later entry behind it
     * would be lost. When that fails too, the segment is closed to entries until {@link #rotate()}.
     */
    private void cutOff(long start) {
        try {
            if (start < 0) {
                throw new IOException("the entry's position is unknown");
            }
            channel.truncate(start);
            channel.position(start);
        } catch (IOException e) {
            damaged = true;
        }
    }

    /** Closes the current segment and starts the next. @return the number of the closed one */
    long rotate() {
        long closed = segment;
        closeChannel();
        segment++;
        channel = openSegment(directory, segment);
        empty = true;
        damaged = false;
        return closed;
    }

    @Override
    public void close() {
        closeChannel();
    }

    private void closeChannel() {
        try {
            channel.close();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot close the journal segment " + segmentFile(directory, segment), e);
        }
    }

    private static FileChannel openSegment(Path directory, long segment) {
        Path file = segmentFile(directory, segment);
        try {
            return FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the journal segment " + file, e);
        }
    }

    static Path segmentFile(Path directory, long segment) {
        return directory.resolve(SEGMENT_PREFIX + segment);
    }

    private static long parseSegmentNumber(String suffix) {
        try {
            return Long.parseLong(suffix);
        } catch (NumberFormatException e) {
            return -1; // not a segment of ours (an editor's backup, say): left alone
        }
    }

    private static byte[] encode(String database, String command, Document query) {
        Document body = new Document("db", database).append("command", command).append("query", query);
        ByteBuf buffer = Unpooled.buffer();
        try {
            BsonEncoder.encodeDocument(body, buffer);
            byte[] bytes = new byte[buffer.readableBytes()];
            buffer.readBytes(bytes);
            return bytes;
        } finally {
            buffer.release();
        }
    }

    private static Entry decode(byte[] body) {
        ByteBuf buffer = Unpooled.wrappedBuffer(body);
        try {
            Document document = BsonDecoder.decodeBson(buffer);
            return new Entry((String) document.get("db"), (String) document.get("command"),
                    (Document) document.get("query"));
        } finally {
            buffer.release();
        }
    }

    private static int crc32c(byte[] bytes) {
        CRC32C crc = new CRC32C();
        crc.update(bytes);
        return (int) crc.getValue();
    }
}
