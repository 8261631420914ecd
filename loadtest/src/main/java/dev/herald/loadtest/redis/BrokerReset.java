package dev.herald.loadtest.redis;

import dev.herald.loadtest.config.ConfigException;

import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Takes the pub/sub broker away for a moment, one of three ways:
 * <ul>
 * <li>{@code command}: runs the operator's shell command (e.g. a container restart) and waits for it;</li>
 * <li>{@code kill-pubsub}: {@code CLIENT KILL TYPE pubsub}, every subscriber connection dropped at
 * once (the gateway must notice, reconnect after its backoff and repair);</li>
 * <li>{@code debug-sleep}: {@code DEBUG SLEEP} for the delay, the broker frozen (needs
 * {@code enable-debug-command} on Redis 7+).</li>
 * </ul>
 */
public final class BrokerReset {

    public enum Mode { COMMAND, KILL_PUBSUB, DEBUG_SLEEP }

    private final Mode mode;
    private final String redisUrl;
    private final String command;
    private final long delayMs;

    public BrokerReset(Mode mode, String redisUrl, String command, long delayMs) {
        this.mode = mode;
        this.redisUrl = redisUrl;
        this.command = command;
        this.delayMs = delayMs;
    }

    /** Picks the mode: an explicit one, else the command when given, else kill-pubsub through the URL. */
    public static BrokerReset choose(String mode, String redisUrl, String command, long delayMs) {
        Mode chosen;
        if (mode == null || mode.isBlank() || "auto".equalsIgnoreCase(mode)) {
            if (command != null) {
                chosen = Mode.COMMAND;
            } else if (redisUrl != null) {
                chosen = Mode.KILL_PUBSUB;
            } else {
                return null;
            }
        } else {
            try {
                chosen = Mode.valueOf(mode.trim().toUpperCase().replace('-', '_'));
            } catch (IllegalArgumentException e) {
                throw new ConfigException("redisResetMode must be auto, command, kill-pubsub or debug-sleep, got " + mode);
            }
        }
        if (chosen == Mode.COMMAND && command == null) {
            throw new ConfigException("redisResetMode command needs --redis-reset-command");
        }
        if (chosen != Mode.COMMAND && redisUrl == null) {
            throw new ConfigException("redisResetMode " + mode + " needs --redis-url");
        }
        return new BrokerReset(chosen, redisUrl, command, delayMs);
    }

    public String describe() {
        return switch (mode) {
            case COMMAND -> "command: " + command;
            case KILL_PUBSUB -> "CLIENT KILL TYPE pubsub on " + safeUrl();
            case DEBUG_SLEEP -> "DEBUG SLEEP " + delayMs / 1000.0 + " on " + safeUrl();
        };
    }

    /** Performs the outage; returns when the broker is available again. Facts about it go in the map. */
    public Map<String, Object> perform() throws IOException, InterruptedException {
        Map<String, Object> facts = new LinkedHashMap<>();
        facts.put("mode", mode.name().toLowerCase().replace('_', '-'));
        switch (mode) {
            case COMMAND -> {
                Process process = new ProcessBuilder("sh", "-c", command).redirectErrorStream(true)
                        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
                if (!process.waitFor(120, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IOException("the reset command did not finish within 120 s");
                }
                facts.put("commandExitCode", process.exitValue());
            }
            case KILL_PUBSUB -> {
                try (RespClient redis = RespClient.connect(redisUrl, 5_000)) {
                    Object killed = redis.command("CLIENT", "KILL", "TYPE", "pubsub");
                    if (killed instanceof RespClient.Error error) {
                        throw new IOException("Redis refused CLIENT KILL: " + error.message());
                    }
                    facts.put("killedConnections", killed);
                }
            }
            case DEBUG_SLEEP -> {
                try (RespClient redis = RespClient.connect(redisUrl, 5_000)) {
                    redis.soTimeout((int) delayMs + 10_000);
                    Object reply = redis.command("DEBUG", "SLEEP", String.valueOf(delayMs / 1000.0));
                    if (reply instanceof RespClient.Error error) {
                        throw new IOException("Redis refused DEBUG SLEEP (enable-debug-command?): " + error.message());
                    }
                }
            }
        }
        return facts;
    }

    private String safeUrl() {
        return redisUrl.replaceAll("//[^@/]*@", "//***@");
    }
}
