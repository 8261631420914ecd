package dev.herald.adapter.redis;

import java.util.ArrayList;
import java.util.List;

/** One short line for a connection failure: the messages of the cause chain, without stack traces. */
final class Failures {

    private static final int MAX_LENGTH = 300;

    private Failures() {
    }

    static String describe(Throwable failure) {
        List<String> parts = new ArrayList<>();
        for (Throwable t = failure; t != null && parts.size() < 4; t = t.getCause()) {
            String message = t.getMessage() == null ? t.getClass().getSimpleName() : t.getMessage().strip();
            if (!message.isEmpty() && parts.stream().noneMatch(p -> p.contains(message))) {
                parts.add(message);
            }
            if (t.getCause() == t) {
                break;
            }
        }
        String line = String.join(": ", parts).replace('\n', ' ').replace('\r', ' ');
        return line.length() > MAX_LENGTH ? line.substring(0, MAX_LENGTH) + "..." : line;
    }
}
