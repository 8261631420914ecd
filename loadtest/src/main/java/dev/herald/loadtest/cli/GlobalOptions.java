package dev.herald.loadtest.cli;

import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * The target and output options every command takes. Each can also come from the config file's top
 * level under its camelCase name ({@code apiUrl}, {@code redisUrl}, ...); the command line wins.
 */
public final class GlobalOptions {

    @Option(names = "--config", paramLabel = "FILE", description = "JSON defaults: target settings at the top level, 'options' for every scenario, 'scenarioOptions.<scenario>' per scenario.")
    Path config;

    @Option(names = "--api-url", paramLabel = "URL", description = "Gateway REST base URL (default http://localhost:9080).")
    String apiUrl;

    @Option(names = "--ws-url", paramLabel = "URL", description = "WebSocket URL (default: from --api-url, path /realtime).")
    String wsUrl;

    @Option(names = "--origin", paramLabel = "ORIGIN", description = "Origin header of the WebSocket handshakes (default: none).")
    String origin;

    @Option(names = "--token", paramLabel = "JWT", description = "Token for every connection, publish and metrics read.")
    String token;

    @Option(names = "--secret", paramLabel = "SECRET", description = "Shared secret (REALTIME_SHARED_SECRET): the harness mints its own HS256 token.")
    String secret;

    @Option(names = "--redis-url", paramLabel = "URL", description = "Redis of the deployment, for broker-outage (CLIENT KILL / DEBUG SLEEP).")
    String redisUrl;

    @Option(names = "--redis-reset-command", paramLabel = "CMD", description = "Shell command that bounces the broker (broker-outage), e.g. 'docker restart redis'.")
    String redisResetCommand;

    @Option(names = "--redis-reset-mode", paramLabel = "MODE", description = "auto (default: the command if given, else kill-pubsub), command, kill-pubsub, debug-sleep.")
    String redisResetMode;

    @Option(names = "--json", description = "Machine-readable result on stdout (progress still goes to stderr).")
    boolean json;

    @Option(names = "--quiet", description = "No live progress lines.")
    Boolean quiet;

    @Option(names = "--progress-interval-ms", paramLabel = "MS", description = "Live progress every MS on stderr (default 2000).")
    Long progressIntervalMs;

    @Option(names = {"-h", "--help"}, usageHelp = true, description = "Show this help.")
    boolean help;
}
