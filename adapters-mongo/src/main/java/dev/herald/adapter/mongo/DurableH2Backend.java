package dev.herald.adapter.mongo;

import de.bwaldvogel.mongo.backend.h2.H2Backend;
import de.bwaldvogel.mongo.bson.Document;
import io.netty.channel.Channel;
import org.h2.mvstore.MVStore;

import java.util.Locale;
import java.util.Set;

/**
 * mongo-java-server's H2 backend that answers a write only once what it changed is in the data
 * file, as a MongoDB with a journaled write concern does. The plain backend leaves changes in
 * memory until the store's background writer runs (every {@link EmbeddedMongoServer#AUTO_COMMIT_DELAY_MS}
 * ms), so a hard kill ({@code kill -9}, the OOM killer) could lose events whose publishers had
 * been told they were stored. A commit writes to the file, i.e. to the operating system: what was
 * acknowledged survives the process; {@link EmbeddedMongoServer} syncs the file to the disk
 * shortly after.
 *
 * <p>Writes to the {@code lazyCollections} are not committed on their own: the job heads are hints
 * that readers check and repair (see {@link HeadLocator}), and a commit costs more than the insert
 * it follows. They go to the file with the next committed write, or with the background writer.
 * Reads never commit.
 */
final class DurableH2Backend extends H2Backend {

    /** The commands that change data or schema (mongo-java-server's names; compared without case). */
    private static final Set<String> WRITES = Set.of("insert", "update", "delete", "findandmodify", "createindexes",
            "dropindexes", "drop", "dropdatabase", "create", "renamecollection");

    private final MVStore store;
    private final Set<String> lazyCollections;

    DurableH2Backend(MVStore store, Set<String> lazyCollections) {
        super(store);
        this.store = store;
        this.lazyCollections = Set.copyOf(lazyCollections);
    }

    /** Every wire command (OP_MSG and legacy queries alike) comes through here before its reply is sent. */
    @Override
    public Document handleCommand(Channel channel, String databaseName, String command, Document query) {
        try {
            return super.handleCommand(channel, databaseName, command, query);
        } finally {
            // also after a failed command: an ordered insert that stopped half-way stored a prefix
            if (commits(command, query) && store.hasUnsavedChanges()) {
                store.commit();
            }
        }
    }

    private boolean commits(String command, Document query) {
        return WRITES.contains(command.toLowerCase(Locale.ROOT))
                && !lazyCollections.contains(String.valueOf(query.get(command)));
    }
}
