package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.Connection;
import dev.herald.loadtest.client.Frame;
import dev.herald.loadtest.client.FrameListener;
import dev.herald.loadtest.client.WsClients;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.measure.Latency;
import org.HdrHistogram.Histogram;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Opens N sockets that never send anything: each must get an {@code IDLE_TIMEOUT} error and close
 * 4408, between the idle timeout (less the gateway's sweep granularity) and timeout + slack after it
 * opened.
 */
public final class IdleEvictionScenario implements Scenario {

    @Override
    public String name() {
        return "idle-eviction";
    }

    @Override
    public String description() {
        return "N silent sockets must all be closed with IDLE_TIMEOUT (4408) within idleTimeoutMs + slackMs (gateway: SOCKET_IDLE_TIMEOUT_MS = idleTimeoutMs).";
    }

    private static final class Idle {
        final CompletableFuture<Integer> closed = new CompletableFuture<>();
        volatile String errorCode;
        volatile long openedNanos;
        volatile long closedNanos;
    }

    @Override
    public void run(ScenarioContext context, ScenarioResult result) throws Exception {
        Settings s = context.settings();
        int count = s.integer("clientCount", 20);
        long idleMs = s.longValue("idleTimeoutMs", 2_000);
        long slackMs = s.longValue("slackMs", 1_000);
        long earlyToleranceMs = s.longValue("earlyToleranceMs", 500);
        List<Idle> sockets = new ArrayList<>();
        try (WsClients clients = context.clients()) {
            List<CompletableFuture<Connection>> opening = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                Idle idle = new Idle();
                sockets.add(idle);
                idle.openedNanos = System.nanoTime(); // refined when the handshake completes
                opening.add(clients.connect(new FrameListener() {
                    @Override
                    public void onFrame(Connection connection, Frame frame, long receivedNanos) {
                        if (frame.is("error") && idle.errorCode == null) {
                            idle.errorCode = frame.code();
                        }
                    }

                    @Override
                    public void onClose(Connection connection, int code, String reason) {
                        idle.closedNanos = System.nanoTime();
                        idle.closed.complete(code);
                    }
                }).thenApply(c -> {
                    idle.openedNanos = System.nanoTime();
                    return c;
                }));
            }
            for (CompletableFuture<Connection> f : opening) {
                f.get(10, TimeUnit.SECONDS);
            }
            try (var progress = context.progress(() -> sockets.stream().filter(i -> i.closed.isDone()).count() + "/" + count + " evicted")) {
                long waitMs = idleMs + slackMs + 5_000;
                CompletableFuture.allOf(sockets.stream().map(i -> i.closed).toArray(CompletableFuture[]::new))
                        .completeOnTimeout(null, waitMs, TimeUnit.MILLISECONDS).join();
            }
        }
        Histogram after = new Histogram(3);
        Map<String, Integer> outcomes = new TreeMap<>();
        int evictedRight = 0;
        for (Idle idle : sockets) {
            if (!idle.closed.isDone()) {
                outcomes.merge("still open", 1, Integer::sum);
                continue;
            }
            int code = idle.closed.join();
            outcomes.merge(idle.errorCode + "/" + code, 1, Integer::sum);
            if ("IDLE_TIMEOUT".equals(idle.errorCode) && code == 4408) {
                evictedRight++;
                after.recordValue(Math.max(0, (idle.closedNanos - idle.openedNanos) / 1_000));
            }
        }
        result.put("clients", count).put("idleTimeoutMs", idleMs).put("evicted", evictedRight)
                .put("outcomes", outcomes).put("evictedAfter", Latency.summary(after));
        result.check(Check.equal("closed with IDLE_TIMEOUT and 4408", evictedRight, count));
        if (after.getTotalCount() > 0) {
            result.check(Check.atMost("latest eviction", Latency.ms(after.getMaxValue()), idleMs + slackMs, " ms"));
            result.check(Check.atLeast("earliest eviction", Latency.ms(after.getMinValue()), idleMs - earlyToleranceMs, " ms"));
        }
    }
}
