package dev.herald.adapter.redis;

import java.util.ArrayList;
import java.util.List;

/**
 * One short line for a connection failure: the messages of the cause chain, without stack traces.
 * Jedis reports "Failed to connect to host:port." with the reason (e.g. "Connection refused") as a
 * suppressed exception, so the first suppressed one counts as a cause too.
 */
final class Failures {

    private static final int MAX_LENGTH = 300;
    private static final int MAX_PARTS = 4;

    private Failures() {
    }

    static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        Throwable current = failure;
        for (int depth = 0; current != null && depth < MAX_PARTS * 2 && parts.size() < MAX_PARTS; depth++) {
            String message = current.getMessage() == null ? current.getClass().getSimpleName() : current.getMessage().strip();
            if (!message.isEmpty() && parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
            current = next(current);
        }
        String line = String.join(": ", parts).replace('\n', ' ').replace('\r', ' ');
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "..." : line;
    }

    private static Throwable next(Throwable failure) {
        if (failure.getCause() != null && failure.getCause() != failure) {
            return failure.getCause();
        }
        Throwable[] suppressed = failure.getSuppressed();
        return suppressed.length > 0 ? suppressed[0] : null;
    }
}
