package dev.herald.adapter.file;

import dev.herald.domain.job.JobId;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Retention's record in the log directory: {@value #FILE}, one line {@code <jobId> <firstSeq>} per
 * delete, appended and forced before the delete is acknowledged. At start the highest first seq of
 * each job wins, and the file is rewritten with one line per job when it holds many more lines.
 *
 * <p>Why a file of its own rather than a record in the segments: the segments keep the deleted
 * events (a job's head is rebuilt from them, so seqs are never reused); this file says which of
 * them are gone. The space of whole segments is not given back yet.
 */
final class RetentionFloors implements AutoCloseable {

    static final String FILE = "retention-floors.log";

    private final Path file;
    private final Map<String, Long> floors;
    private FileChannel channel; // guarded by this

    private RetentionFloors(Path file, Map<String, Long> floors, FileChannel channel) {
        this.file = file;
        this.floors = floors;
        this.channel = channel;
    }

    static RetentionFloors open(Path directory) {
        Path file = directory.resolve(FILE);
        Map<String, Long> floors = new HashMap<>();
        try {
            long lines = 0;
            if (Files.exists(file)) {
                List<String> all = Files.readAllLines(file, StandardCharsets.US_ASCII);
                for (String line : all) {
                    int space = line.lastIndexOf(' ');
                    if (space <= 0) {
                        continue; // a line torn by a crash before its delete was acknowledged
                    }
                    try {
                        floors.merge(line.substring(0, space), Long.parseLong(line.substring(space + 1)), Math::max);
                        lines++;
                    } catch (NumberFormatException e) {
                        // torn as well
                    }
                }
            }
            if (lines > 1024 && lines > 2L * floors.size()) {
                rewrite(file, floors);
            }
            FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                    StandardOpenOption.APPEND);
            return new RetentionFloors(file, floors, channel);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot read " + file, e);
        }
    }

    private static void rewrite(Path file, Map<String, Long> floors) throws IOException {
        Path temporary = file.resolveSibling(FILE + ".tmp");
        StringBuilder text = new StringBuilder();
        floors.forEach((job, floor) -> text.append(job).append(' ').append(floor).append('\n'));
        try (FileChannel out = FileChannel.open(temporary, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            out.write(ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.US_ASCII)));
            out.force(true);
        }
        Files.move(temporary, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** The first seqs read at start, per job. */
    synchronized Map<String, Long> all() {
        return Map.copyOf(floors);
    }

    /** Records, durably, that the job's seqs below {@code firstSeq} are deleted. */
    synchronized void record(JobId jobId, long firstSeq) throws IOException {
        floors.merge(jobId.value(), firstSeq, Math::max);
        ByteBuffer line = ByteBuffer.wrap((jobId.value() + " " + firstSeq + "\n").getBytes(StandardCharsets.US_ASCII));
        while (line.hasRemaining()) {
            channel.write(line);
        }
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    Path file() {
        return file;
    }
}
