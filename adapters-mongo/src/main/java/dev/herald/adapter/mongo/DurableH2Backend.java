package dev.herald.adapter.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import de.bwaldvogel.mongo.exception.MongoServerException;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import org.h2.mvstore.MVMap;
import org.h2.mvstore.MVStore;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.locks.ReentrantLock;

/**
 * mongo-java-server's H2 backend that answers a write only once it would survive a hard kill of
 * the process ({@code kill -9}, the OOM killer), as a MongoDB with a journaled write concern does.
 * The plain backend keeps changes in memory until its data file is next committed, so such a kill
 * lost the events of the last moments although their publishers had been told they were stored.
 *
 * <p>How: every write command is appended to a {@link CommandJournal} before it runs; the data
 * file is committed by {@link #checkpoint()} (a few times a second, see {@link EmbeddedMongoServer}),
 * which records in the file which journal segments it holds; opening the file runs the commands of
 * the segments it does not hold, in their order. Committing the file on every write instead
 * (tried first) wrote a chunk per write: the file grew by megabytes a second under load and the
 * store's compaction, which holds its lock, stalled every writer for up to a second.
 *
 * <p>Writes run one at a time, each with its journal entry, and a checkpoint runs between two of
 * them: so the journal's order is the order the commands ran in, and a committed file holds each
 * command entirely or not at all. Writes to the {@code lazyCollections} are neither journaled nor
 * serialized: the job heads are hints that readers check and repair (see {@link HeadLocator}); they
 * go to the file with the next checkpoint. Reads never wait.
 */
final class DurableH2Backend extends H2Backend {

    private static final System.Logger LOG = System.getLogger(DurableH2Backend.class.getName());

    /** The commands that change data or schema (mongo-java-server's names; compared without case). */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
            "dropindexes", "drop", "dropdatabase", "create", "renamecollection");
    /** Where the file records the last journal segment it holds (not a name mongo-java-server reads). */
    private static final String JOURNAL_MAP = "herald.journal";
    private static final String HELD_SEGMENT = "heldThroughSegment";

    private final MVStore store;
    private final Set<String> lazyCollections;
    private final Path directory;
    private final MVMap<String, Long> journalState;
    /** Held by a journaled write while it is journaled and run, and by a checkpoint. */
    private final ReentrantLock writes = new ReentrantLock();
    private CommandJournal journal;
    private boolean closed;

    /**
     * Opens the backend on {@code store}, first running the journaled commands the file does not
     * hold yet (those of a process that was killed).
     */
    static DurableH2Backend open(MVStore store, Path directory, Set<String> lazyCollections) {
        DurableH2Backend backend = new DurableH2Backend(store, directory, lazyCollections);
        backend.recover();
        return backend;
    }

    private DurableH2Backend(MVStore store, Path directory, Set<String> lazyCollections) {
        super(store);
        this.store = store;
        this.directory = directory;
        this.lazyCollections = Set.copyOf(lazyCollections);
        this.journalState = store.openMap(JOURNAL_MAP);
    }

    /** Every wire command (OP_MSG and legacy queries alike) comes through here before its reply is sent. */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        if (!journaled(command, query)) {
            return super.handleCommand(channel, databaseName, command, query);
        }
        writes.lock();
        try {
            if (closed) {
                throw new MongoServerException("the embedded MongoDB server is shutting down");
            }
            journal.append(databaseName, command, query);
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            writes.unlock();
        }
    }

    /**
     * Commits the data file if anything changed. When writes were journaled since the last
     * checkpoint, records that the file now holds their segment, starts the next one, syncs the file
     * to the disk and deletes the held segment. Called by one thread at a time.
     */
    void checkpoint() {
        long held;
        writes.lock();
        try {
            if (closed) {
                return;
            }
            if (journal.isEmpty()) {
                if (store.hasUnsavedChanges()) {
                    store.commit(); // hints or rewritten chunks only: no segment to retire
                }
                return;
            }
            held = commitHolding(journal.segment());
            journal.rotate();
        } finally {
            writes.unlock();
        }
        store.sync(); // before the segment goes: a power loss must find the commands in one or the other
        CommandJournal.delete(directory, held);
    }

    /** Commits and closes the file, then deletes the journal: a clean stop leaves everything in the file. */
    @Override
    public void close() {
        writes.lock();
        try {
            if (closed) {
                return;
            }
            closed = true;
            long held = commitHolding(journal.segment());
            journal.close();
            super.close(); // closes the store, which syncs it
            CommandJournal.delete(directory, held);
        } finally {
            writes.unlock();
        }
    }

    private long commitHolding(long segment) {
        journalState.put(HELD_SEGMENT, segment);
        store.commit();
        return segment;
    }

    private void recover() {
        long held = journalState.getOrDefault(HELD_SEGMENT, -1L);
        List<Long> segments = CommandJournal.segments(directory);
        long last = held;
        int replayed = 0;
        Channel replay = new EmbeddedChannel();
        for (long segment : segments) {
            if (segment > held) {
                for (CommandJournal.Entry entry : CommandJournal.read(directory, segment)) {
                    replay(replay, entry);
                    replayed++;
                }
            }
            last = Math.max(last, segment);
        }
        replay.close();
        if (replayed > 0) {
            commitHolding(last);
            store.sync();
            LOG.log(Level.WARNING, "Embedded MongoDB: ran {0} write(s) again from the journal of a process that "
                    + "stopped without closing {1}", String.valueOf(replayed), directory);
        }
        for (long segment : segments) {
            CommandJournal.delete(directory, segment);
        }
        journal = CommandJournal.startAt(directory, last + 1);
    }

    private void replay(Channel channel, CommandJournal.Entry entry) {
        try {
            super.handleCommand(channel, entry.database(), entry.command(), entry.query());
        } catch (RuntimeException e) {
            // it failed the same way when it first ran (a duplicate key, say): its client got that error
            LOG.log(Level.DEBUG, "Embedded MongoDB: a journaled {0} failed again: {1}", entry.command(), e.toString());
        }
    }

    private boolean journaled(String command, Document query) {
        return WRITES.contains(command.toLowerCase(Locale.ROOT))
                && !lazyCollections.contains(String.valueOf(query.get(command)));
    }
}
