package dev.herald.domain.presence;

import java.util.Objects;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * One running gateway instance, as presence knows it: a new one at every start, so that versions
 * counted from zero by a restarted instance never compete with its previous life's.
 */
public record InstanceId(String value) {

    private static final Pattern FORM = Pattern.compile("[A-Za-z0-9._-]{1,64}");

    public InstanceId {
        Objects.requireNonNull(value, "value");
        if (!FORM.matcher(value).matches()) {
            throw new IllegalArgumentException("instance id must be 1 to 64 characters of [A-Za-z0-9._-]");
        }
    }

    public static InstanceId random() {
        return new InstanceId(UUID.randomUUID().toString());
    }

    @Override
    public String toString() {
        return value;
    }
}
