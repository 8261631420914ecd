package dev.herald.adapter.file;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The segment files of one directory ({@code events-<n>.log}, n from 1) and the lock that keeps a
 * second process out of them. Writes go to the last segment, one group of records at a time, by
 * one thread at a time (the store's current leader); reads are positional and may come from any
 * thread at any time.
 *
 * <p>A record's position is one long: the segment number in the high 32 bits, the offset in the
 * low 32 (segments are at most {@link #MAX_SEGMENT_BYTES} plus one group, well under 2 GiB).
 *
 * <p>Retention (a later change) fits here: whole segments older than a bound can be deleted,
 * once the index has dropped the records in them.
 */
final class SegmentLog implements AutoCloseable {

    static final long MAX_SEGMENT_BYTES = 1L << 30;
    static final String LOCK_FILE = "herald-log.lock";
    private static final Pattern SEGMENT_NAME = Pattern.compile("events-(\\d{10})\\.log");
    private static final int WRITE_BUFFER_BYTES = 1 << 20;

    private final Path directory;
    private final long segmentBytes;
    private final boolean forceOnRoll;
    private final FileChannel lockChannel;
    private final FileLock lock;
    private final Map<Integer, FileChannel> channels = new ConcurrentHashMap<>();
    /** Only the writing thread uses it: the store lets one thread write at a time. */
    private final ByteBuffer writeBuffer = ByteBuffer.allocateDirect(WRITE_BUFFER_BYTES);

    private volatile int current;
    private long end;
    /** A failed write could not be cut off: its bytes may still be in the file. */
    private volatile boolean damaged;
    private volatile boolean dirty;

    private SegmentLog(Path directory, long segmentBytes, boolean forceOnRoll, FileChannel lockChannel, FileLock lock) {
        this.directory = directory;
        this.segmentBytes = segmentBytes;
        this.forceOnRoll = forceOnRoll;
        this.lockChannel = lockChannel;
        this.lock = lock;
    }

    /**
     * Opens the directory (creating it), locked for this process.
     *
     * @throws IllegalStateException when another process holds it
     */
    static SegmentLog open(Path directory, long segmentBytes, boolean forceOnRoll) {
        if (segmentBytes < 1 || segmentBytes > MAX_SEGMENT_BYTES) {
            throw new IllegalArgumentException("a segment size must be between 1 and " + MAX_SEGMENT_BYTES + " bytes");
        }
        FileChannel lockChannel = null;
        try {
            Files.createDirectories(directory);
            lockChannel = FileChannel.open(directory.resolve(LOCK_FILE), StandardOpenOption.CREATE,
                    StandardOpenOption.WRITE);
            FileLock lock;
            try {
                lock = lockChannel.tryLock();
            } catch (OverlappingFileLockException e) {
                lock = null;
            }
            if (lock == null) {
                throw new IllegalStateException("The event log in " + directory + " is open already (in this process or another)");
            }
            return new SegmentLog(directory, segmentBytes, forceOnRoll, lockChannel, lock);
        } catch (IOException e) {
            closeQuietly(lockChannel);
            throw new UncheckedIOException("Cannot open the event log in " + directory, e);
        } catch (RuntimeException e) {
            closeQuietly(lockChannel);
            throw e;
        }
    }

    /** The numbers of the segment files, ascending. */
    List<Integer> segmentNumbers() {
        try (Stream<Path> files = Files.list(directory)) {
            return files.map(file -> SEGMENT_NAME.matcher(file.getFileName().toString()))
                    .filter(Matcher::matches)
                    .map(m -> Integer.parseInt(m.group(1)))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot list the segments in " + directory, e);
        }
    }

    Path file(int segment) {
        return directory.resolve(String.format("events-%010d.log", segment));
    }

    /** Opens an existing segment for reading (and writing, for the last one). */
    FileChannel openExisting(int segment) throws IOException {
        FileChannel channel = FileChannel.open(file(segment), StandardOpenOption.READ, StandardOpenOption.WRITE);
        channels.put(segment, channel);
        return channel;
    }

    /** After the scan: appends go on at {@code offset} of {@code segment}, or to a new first segment. */
    void continueAt(int segment, long offset) throws IOException {
        if (segment == 0) {
            createSegment(1);
        } else {
            current = segment;
            end = offset;
        }
    }

    static long position(int segment, long offset) {
        return ((long) segment << 32) | offset;
    }

    static int segmentOf(long position) {
        return (int) (position >>> 32);
    }

    static long offsetOf(long position) {
        return position & 0xFFFF_FFFFL;
    }

    /**
     * Writes the records one after the other, in a new segment when the current one would pass its
     * size, and returns the position of each. When the write fails, what it wrote is cut off again
     * (or, when even that fails, {@link #isDamaged()} is true from then on).
     */
    long[] write(List<byte[]> records, long totalBytes, boolean force) throws IOException {
        if (end > 0 && end + totalBytes > segmentBytes) {
            roll();
        }
        FileChannel channel = channels.get(current);
        long start = end;
        long[] positions = new long[records.size()];
        long at = start;
        long next = start;
        try {
            writeBuffer.clear();
            for (int i = 0; i < records.size(); i++) {
                byte[] record = records.get(i);
                positions[i] = position(current, next);
                next += record.length;
                int done = 0;
                while (done < record.length) {
                    if (!writeBuffer.hasRemaining()) {
                        at = flush(channel, at);
                    }
                    int n = Math.min(writeBuffer.remaining(), record.length - done);
                    writeBuffer.put(record, done, n);
                    done += n;
                }
            }
            at = flush(channel, at);
            dirty = true;
            if (force) {
                channel.force(false);
            }
        } catch (IOException | RuntimeException e) {
            cutBack(channel, start, e);
            throw e;
        }
        end = at;
        return positions;
    }

    private long flush(FileChannel channel, long at) throws IOException {
        writeBuffer.flip();
        while (writeBuffer.hasRemaining()) {
            at += channel.write(writeBuffer, at);
        }
        writeBuffer.clear();
        return at;
    }

    private void cutBack(FileChannel channel, long start, Exception failure) {
        try {
            channel.truncate(start);
        } catch (IOException | RuntimeException e) {
            failure.addSuppressed(e);
            damaged = true;
        }
    }

    private void roll() throws IOException {
        FileChannel previous = channels.get(current);
        if (forceOnRoll) {
            previous.force(false);
        }
        createSegment(current + 1);
    }

    private void createSegment(int segment) throws IOException {
        FileChannel channel = FileChannel.open(file(segment), StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
                StandardOpenOption.WRITE);
        channels.put(segment, channel);
        if (forceOnRoll) {
            forceDirectory();
        }
        current = segment;
        end = 0;
    }

    /** So that a new segment's name survives a power cut, not only its bytes (Linux allows it). */
    private void forceDirectory() {
        try (FileChannel dir = FileChannel.open(directory, StandardOpenOption.READ)) {
            dir.force(true);
        } catch (IOException | RuntimeException e) {
            // some platforms cannot open a directory; the segment's own force still stands
        }
    }

    boolean isDamaged() {
        return damaged;
    }

    /** Forces the segment being written when it changed since the last call (the interval policy). */
    void forceIfDirty() throws IOException {
        if (dirty) {
            dirty = false;
            channels.get(current).force(false);
        }
    }

    /** Reads from {@code position} into {@code into} until it is full or the segment ends. */
    void read(long position, ByteBuffer into) throws IOException {
        FileChannel channel = channels.get(segmentOf(position));
        if (channel == null) {
            throw new IOException("no segment " + segmentOf(position) + " in " + directory);
        }
        long at = offsetOf(position);
        while (into.hasRemaining()) {
            int n = channel.read(into, at);
            if (n < 0) {
                break;
            }
            at += n;
        }
    }

    Path directory() {
        return directory;
    }

    @Override
    public void close() throws IOException {
        IOException failure = null;
        FileChannel last = channels.get(current);
        try {
            if (last != null && last.isOpen()) {
                last.force(false);
            }
        } catch (IOException e) {
            failure = e;
        }
        for (FileChannel channel : channels.values()) {
            try {
                channel.close();
            } catch (IOException e) {
                failure = failure == null ? e : failure;
            }
        }
        try {
            lock.release();
        } catch (IOException e) {
            failure = failure == null ? e : failure;
        }
        closeQuietly(lockChannel);
        if (failure != null) {
            throw failure;
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException e) {
                // nothing more to do with a lock file that will not close
            }
        }
    }
}
