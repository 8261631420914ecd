package dev.herald.domain.channel;

import dev.herald.domain.job.JobId;

import java.util.Optional;

/**
 * A namespace's name: letters and digits ({@code [A-Za-z0-9]+}). A job id's namespace is the part
 * before its first {@code :} ({@code chat:lobby} is in {@code chat}); an id without {@code :} is in
 * the default namespace, which has no name.
 */
public record Namespace(String name) {

    public Namespace {
        if (!valid(name)) {
            throw new IllegalArgumentException("a namespace name is letters and digits ([A-Za-z0-9]+), got \""
                    + name + "\"");
        }
    }

    /** The namespace {@code jobId} names, or empty for the default namespace. */
    public static Optional<Namespace> of(JobId jobId) {
        String value = jobId.value();
        int colon = value.indexOf(':');
        if (colon <= 0) {
            // no prefix, or an empty one (":x"): nothing an operator can configure
            return Optional.empty();
        }
        String prefix = value.substring(0, colon);
        // "a.b:x" or "a-b:x" names no namespace that configuration can define
        return valid(prefix) ? Optional.of(new Namespace(prefix)) : Optional.empty();
    }

    public static boolean valid(String name) {
        if (name == null || name.isEmpty()) {
            return false;
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
                return false;
            }
        }
        return true;
    }

    @Override
    public String toString() {
        return name;
    }
}
