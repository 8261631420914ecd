package dev.herald.loadtest.cli;

import picocli.CommandLine.Option;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scenario settings on the command line. Each flag is the kebab-case form of a config key
 * ({@code --client-count} is {@code clientCount}); {@code --set key=value} reaches any key. A scenario
 * reads only the keys it knows (see each scenario's help).
 */
public final class ScenarioFlags {

    @Option(names = "--client-count", paramLabel = "N", description = "Subscribers (broadcast-burst, broker-outage; default 200) or idle sockets (idle-eviction; default 20).")
    Integer clientCount;

    @Option(names = "--event-count", paramLabel = "N", description = "Events: seeded (catch-up-burst; default 120) or published (broadcasts; default 100).")
    Integer eventCount;

    @Option(names = "--subscriber-count", paramLabel = "N", description = "catch-up-burst: fresh subscribers measured (default 50).")
    Integer subscriberCount;

    @Option(names = "--connection-count", paramLabel = "N", description = "capacity: connections held (default 10000).")
    Integer connectionCount;

    @Option(names = "--job-count", paramLabel = "N", description = "Jobs the subscribers are spread over (broadcasts: 1, capacity: 20).")
    Integer jobCount;

    @Option(names = "--job-id", paramLabel = "ID", description = "catch-up-burst: reuse this job (seeded up to --event-count) instead of a new one.")
    String jobId;

    @Option(names = "--cap", paramLabel = "N", description = "The gateway's cap under test (connection-quota 50, origin-quota 25, subscription-cap 5).")
    Integer cap;

    @Option(names = "--extras", paramLabel = "N", description = "Attempts beyond the cap (default 3).")
    Integer extras;

    @Option(names = "--reject-within-ms", paramLabel = "MS", description = "Quotas: refusal deadline (default 200).")
    Long rejectWithinMs;

    @Option(names = "--idle-timeout-ms", paramLabel = "MS", description = "idle-eviction: the gateway's SOCKET_IDLE_TIMEOUT_MS (default 2000).")
    Long idleTimeoutMs;

    @Option(names = "--slack-ms", paramLabel = "MS", description = "idle-eviction: allowed lateness (default 1000).")
    Long slackMs;

    @Option(names = "--concurrency", paramLabel = "N", description = "catch-up-burst: catch-ups at once (default 1).")
    Integer concurrency;

    @Option(names = "--publish-concurrency", paramLabel = "N", description = "Publish requests in flight (default 1 back to back, 16 burst, 32 paced, 64 capacity).")
    Integer publishConcurrency;

    @Option(names = "--burst", description = "broadcast-burst: issue every event at once (up to --publish-concurrency, default 16, in flight) "
            + "and measure each delivery from the burst's start; reports publishDurationMs and acknowledgedEventsPerSecond.")
    Boolean burst;

    @Option(names = "--batch", paramLabel = "N", description = "Publish N events per request (POST .../events/batch, 1..1000; the last one may be shorter). Default 0: one event per POST.")
    Integer batch;

    @Option(names = "--gateway-pid", paramLabel = "PID", description = "broadcast-burst, broker-outage: the gateway's process on this machine; reports its CPU per published event (/proc/PID/stat).")
    Long gatewayPid;

    @Option(names = {"--rate-per-second", "--rate"}, paramLabel = "R", description = "Broadcasts: events per second (default 0 = as fast as allowed; broker-outage 40).")
    Double ratePerSecond;

    @Option(names = "--warmup-events", paramLabel = "N", description = "Broadcasts and capacity: unmeasured events first, for warm figures (capacity: at its start rate; default 0).")
    Integer warmupEvents;

    @Option(names = "--warmup-rounds", paramLabel = "N", description = "catch-up-burst: unmeasured catch-ups first, for warm figures (default 0).")
    Integer warmupRounds;

    @Option(names = "--payload-bytes", paramLabel = "N", description = "Approximate payload size of published events (default 128).")
    Integer payloadBytes;

    @Option(names = "--payload-text", paramLabel = "pad|words", description = "Broadcasts: what fills the payload: pad, one repeated letter (default), "
            + "or words from a small vocabulary (compresses as real text does, for --compression runs).")
    String payloadText;

    @Option(names = "--latency-threshold-ms", paramLabel = "MS", description = "Broadcasts: p95 must stay below (default 500, with --burst 1000 (from the burst's start); broker-outage: off).")
    Double latencyThresholdMs;

    @Option(names = "--p99-threshold-ms", paramLabel = "MS", description = "Broadcasts: p99 bound (default off).")
    Double p99ThresholdMs;

    @Option(names = "--replay-threshold-ms", paramLabel = "MS", description = "catch-up-burst: p95 must stay below (default 1500).")
    Long replayThresholdMs;

    @Option(names = "--redis-reset-after", paramLabel = "N", description = "broker-outage: bounce the broker after N publishes (default eventCount/3).")
    Integer redisResetAfter;

    @Option(names = "--redis-reset-delay-ms", paramLabel = "MS", description = "broker-outage: DEBUG SLEEP length (default 1500).")
    Long redisResetDelayMs;

    @Option(names = "--recovery-threshold-ms", paramLabel = "MS", description = "broker-outage: recovery bound (default 3000 = 2 s backoff + 1 s).")
    Long recoveryThresholdMs;

    @Option(names = "--settle-timeout-ms", paramLabel = "MS", description = "Broadcasts: wait for the last deliveries (default 15000; broker-outage 30000).")
    Long settleTimeoutMs;

    @Option(names = "--start-rate", paramLabel = "R", description = "capacity: first step, events/s (default 50).")
    Double startRate;

    @Option(names = "--rate-factor", paramLabel = "F", description = "capacity: rate growth per step (default 1.5).")
    Double rateFactor;

    @Option(names = "--max-rate", paramLabel = "R", description = "capacity: stop rising here (default 20000 events/s).")
    Double maxRate;

    @Option(names = "--step-ms", paramLabel = "MS", description = "capacity: length of a step (default 10000).")
    Long stepMs;

    @Option(names = "--p99-bound-ms", paramLabel = "MS", description = "capacity: a step is sustained while p99 <= this (default 100).")
    Double p99BoundMs;

    @Option(names = "--heap-sample-command", paramLabel = "CMD", description = "capacity: run before each heap sample, e.g. 'jcmd <gateway pid> GC.run'.")
    String heapSampleCommand;

    @Option(names = "--client-threads", paramLabel = "N", description = "WebSocket client threads of the harness: event loops (nio) or selector threads (jdk) (default: cores).")
    Integer clientThreads;

    @Option(names = "--transport", paramLabel = "websocket|sse", description = "How subscribers follow their job: websocket (default) or sse, GET /api/jobs/{jobId}/stream (catch-up-burst, broadcast-burst, capacity; one harness thread per stream).")
    String transport;

    @Option(names = "--ws-client", paramLabel = "nio|jdk", description = "WebSocket client: nio, lean (default), or jdk, the JDK's; wss:// always uses jdk.")
    String wsClient;

    @Option(names = "--compression", description = "Offer permessage-deflate on every WebSocket connection (nio client only): a gateway with "
            + "herald.socket.compression on then sends large frames compressed, and the harness inflates them.")
    Boolean compression;

    @Option(names = "--room-count", paramLabel = "N", description = "relay-rooms: ephemeral rooms (default 50).")
    Integer roomCount;

    @Option(names = "--members-per-room", paramLabel = "N", description = "relay-rooms: members of each room, each publishing (default 10).")
    Integer membersPerRoom;

    @Option(names = "--messages-per-second", paramLabel = "R", description = "relay-rooms: messages each member publishes per second (default 2).")
    Double messagesPerSecond;

    @Option(names = "--duration-ms", paramLabel = "MS", description = "relay-rooms: how long members publish (default 20000).")
    Long durationMs;

    @Option(names = "--second-ws-url", paramLabel = "URL", description = "relay-rooms: a second instance's WebSocket URL (same bus); members alternate between the two.")
    String secondWsUrl;

    @Option(names = "--http-client", paramLabel = "raw|jdk", description = "Client that publishes: raw, lean HTTP/1.1 keep-alive sockets (default), or jdk, the JDK's; https:// always uses jdk.")
    String httpClient;

    @Option(names = "--set", paramLabel = "KEY=VALUE", description = "Any setting by its config key, e.g. --set maxFailureRatio=0.05.")
    Map<String, String> set = new LinkedHashMap<>();
}
