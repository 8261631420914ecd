package dev.herald.domain.channel;

import java.util.Locale;
import java.util.Optional;

/** Whether a namespace's events are kept: stored with a seq and replayed, or only relayed live. */
public enum History {
    /** v1: stored before delivery, numbered, replayed to late subscribers, resumable. */
    DURABLE,
    /** Ephemeral relay: delivered live to current subscribers only, never stored nor logged. */
    NONE;

    public String configName() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static Optional<History> fromConfig(String value) {
        for (History history : values()) {
            if (history.configName().equalsIgnoreCase(value.trim())) {
                return Optional.of(history);
            }
        }
        return Optional.empty();
    }
}
