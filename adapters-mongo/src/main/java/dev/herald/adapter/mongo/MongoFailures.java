package dev.herald.adapter.mongo;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoConnectionPoolClearedException;
import com.mongodb.MongoException;
import com.mongodb.MongoExecutionTimeoutException;
import com.mongodb.MongoInterruptedException;
import com.mongodb.MongoNodeIsRecoveringException;
import com.mongodb.MongoNotPrimaryException;
import com.mongodb.MongoOperationTimeoutException;
import com.mongodb.MongoServerException;
import com.mongodb.MongoServerUnavailableException;
import com.mongodb.MongoSocketException;
import com.mongodb.MongoTimeoutException;
import com.mongodb.MongoWriteException;
import dev.herald.application.port.out.EventStoreUnavailableException;

import java.lang.System.Logger.Level;

/** Turns driver exceptions into the port's vocabulary. */
final class MongoFailures {

    private static final System.Logger LOG = System.getLogger(MongoFailures.class.getName());

    private MongoFailures() {
    }

    static boolean isDuplicateKey(MongoException e) {
        return e instanceof MongoWriteException write
                && ErrorCategory.fromErrorCode(write.getError().getCode()) == ErrorCategory.DUPLICATE_KEY;
    }

    /**
     * An outage (unreachable, timed out, fail-over) is expected and is reported to the caller only;
     * anything else is a surprise and is logged here, with its error code but not the document.
     */
    static EventStoreUnavailableException unavailable(String operation, MongoException e) {
        if (isOutage(e)) {
            return new EventStoreUnavailableException(
                    "MongoDB event store unreachable during " + operation + ": " + e.getClass().getSimpleName(), e);
        }
        String reason = e instanceof MongoServerException server
                ? "server error " + server.getCode() + " (" + server.getErrorCodeName() + ")"
                : e.getClass().getSimpleName();
        LOG.log(Level.WARNING, "MongoDB event store failed during {0}: {1}", operation, reason);
        return new EventStoreUnavailableException("MongoDB event store failed during " + operation + ": " + reason, e);
    }

    private static boolean isOutage(MongoException e) {
        return e instanceof MongoSocketException
                || e instanceof MongoTimeoutException
                || e instanceof MongoOperationTimeoutException
                || e instanceof MongoExecutionTimeoutException
                || e instanceof MongoNotPrimaryException
                || e instanceof MongoNodeIsRecoveringException
                || e instanceof MongoConnectionPoolClearedException
                || e instanceof MongoServerUnavailableException
                || e instanceof MongoInterruptedException;
    }
}
