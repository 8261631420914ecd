package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.GatewayHttp;
import dev.herald.loadtest.client.Target;
import dev.herald.loadtest.client.WsClientKind;
import dev.herald.loadtest.client.WsClients;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.measure.Progress;

import java.io.PrintStream;
import java.time.Duration;
import java.util.function.Supplier;

/** What a scenario runs with: the target, its settings, the REST client, and where progress goes. */
public final class ScenarioContext {

    private final String scenario;
    private final Target target;
    private final Settings settings;
    private final GatewayHttp http;
    private final PrintStream progressOut;

    public ScenarioContext(String scenario, Target target, Settings settings, GatewayHttp http, PrintStream progressOut) {
        this.scenario = scenario;
        this.target = target;
        this.settings = settings;
        this.http = http;
        this.progressOut = progressOut;
    }

    public Target target() {
        return target;
    }

    public Settings settings() {
        return settings;
    }

    public GatewayHttp http() {
        return http;
    }

    /**
     * WebSocket clients for this run: {@code wsClient} ({@code nio}, the default, or {@code jdk}; wss://
     * always uses jdk) with {@code clientThreads} threads (default: cores); {@code compression}
     * offers permessage-deflate (nio only). With {@code transport=sse} the subscribers follow their
     * job over Server-Sent Events instead (one thread per stream).
     */
    public WsClients clients(Target forTarget) {
        String transport = settings.string("transport", "websocket");
        if ("sse".equals(transport)) {
            return WsClients.sse(forTarget, Duration.ofMillis(settings.longValue("connectTimeoutMs", 10_000)));
        }
        if (!"websocket".equals(transport)) {
            throw new dev.herald.loadtest.config.ConfigException("transport must be websocket or sse, got \"" + transport + "\"");
        }
        WsClientKind kind = WsClientKind.parse(settings.string("wsClient", "nio"));
        int threads = settings.integer("clientThreads", Runtime.getRuntime().availableProcessors());
        boolean compression = settings.flag("compression", false);
        if (compression && WsClients.effectiveKind(forTarget, kind) != WsClientKind.NIO) {
            throw new dev.herald.loadtest.config.ConfigException("compression needs the nio WebSocket client (ws://), not jdk");
        }
        return new WsClients(forTarget, threads, Duration.ofMillis(settings.longValue("connectTimeoutMs", 10_000)), kind,
                compression);
    }

    public WsClients clients() {
        return clients(target);
    }

    public Progress progress(Supplier<String> line) {
        return Progress.start(settings.flag("quiet", false) ? null : progressOut,
                settings.longValue("progressIntervalMs", 2_000), scenario, line);
    }

    /** A job id of this run: prefix, scenario, time and a random part, so runs never share a job. */
    public String newJobId(String purpose) {
        String prefix = settings.string("jobPrefix", "lt");
        return prefix + "-" + purpose + "-" + System.currentTimeMillis() + "-" + Integer.toHexString((int) (Math.random() * 0xFFFFF));
    }
}
