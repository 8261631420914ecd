package dev.herald.adapter.file;

import dev.herald.application.port.out.EventStoreUnavailableException;
import dev.herald.application.port.out.RevocationStore;
import dev.herald.domain.operator.Revocation;

import java.io.IOException;
import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Revocations beside the event log, in {@value #FILE_NAME}: one line per revocation,
 * {@code <epoch ms> <URL-encoded sub>}, appended and forced to disk before {@link #record}
 * returns (a revocation is rare and must survive a crash). Read once when opened; a torn last line
 * (a crash mid-write) is skipped. Revocations are few (one per revoked user), so the file is never
 * compacted.
 */
public final class FileRevocationStore implements RevocationStore {

    public static final String FILE_NAME = "revocations.log";
    private static final System.Logger LOG = System.getLogger(FileRevocationStore.class.getName());

    private final Path file;
    private final Map<String, Revocation> bySubject = new HashMap<>();

    private FileRevocationStore(Path file) {
        this.file = file;
    }

    /** Opens (and reads) the revocations in {@code directory}, creating it when needed. */
    public static FileRevocationStore open(Path directory) {
        FileRevocationStore store = new FileRevocationStore(directory.resolve(FILE_NAME));
        try {
            Files.createDirectories(directory);
            if (Files.exists(store.file)) {
                store.load();
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the revocations in " + store.file + ": " + e.getMessage(), e);
        }
        return store;
    }

    private void load() throws IOException {
        int skipped = 0;
        for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            int space = line.indexOf(' ');
            try {
                Revocation revocation = new Revocation(URLDecoder.decode(line.substring(space + 1), StandardCharsets.UTF_8),
                        Instant.ofEpochMilli(Long.parseLong(line.substring(0, space))));
                bySubject.merge(revocation.subject(), revocation, Revocation::later);
            } catch (RuntimeException e) {
                skipped++;
            }
        }
        if (skipped > 0) {
            LOG.log(System.Logger.Level.WARNING, "Revocations: skipped " + skipped + " unreadable line(s) in " + file
                    + " (a write cut short by a crash)");
        }
    }

    @Override
    public synchronized void record(Revocation revocation) {
        String line = revocation.revokedAt().toEpochMilli() + " "
                + URLEncoder.encode(revocation.subject(), StandardCharsets.UTF_8) + "\n";
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(line.getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                channel.write(bytes);
            }
            channel.force(true);
        } catch (IOException e) {
            throw new EventStoreUnavailableException("Cannot write the revocation to " + file + ": " + e.getMessage(), e);
        }
        bySubject.merge(revocation.subject(), revocation, Revocation::later);
    }

    @Override
    public synchronized List<Revocation> all() {
        return List.copyOf(bySubject.values());
    }
}
