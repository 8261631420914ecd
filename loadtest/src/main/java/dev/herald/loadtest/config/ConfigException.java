package dev.herald.loadtest.config;

/** A setting is missing or malformed: the run cannot start. Reported as one line, exit code 2. */
public final class ConfigException extends RuntimeException {

    public ConfigException(String message) {
        super(message);
    }
}
