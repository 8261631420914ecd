package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.Connection;
import dev.herald.loadtest.client.Frame;
import dev.herald.loadtest.client.FrameListener;
import dev.herald.loadtest.client.Target;
import dev.herald.loadtest.client.WsClients;
import dev.herald.loadtest.config.ConfigException;
import dev.herald.loadtest.config.Settings;
import dev.herald.loadtest.measure.Latency;
import dev.herald.loadtest.measure.ProcessCpu;
import org.HdrHistogram.Histogram;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Chat rooms on an ephemeral namespace (the E2EE relay's load): {@code roomCount} rooms of
 * {@code membersPerRoom} members, every member publishing {@code messagesPerSecond} messages over its
 * WebSocket for {@code durationMs}. Every message must reach every other member of its room once and
 * never its sender; latency is from the sender's {@code publish} to each delivery (one process, one
 * clock). With {@code secondWsUrl}, members alternate between two instances sharing a bus, so half of
 * each room's deliveries cross it.
 */
public final class RelayRoomsScenario implements Scenario {

    private static final String EVENT_TYPE = "chat.message";

    @Override
    public String name() {
        return "relay-rooms";
    }

    @Override
    public String description() {
        return "roomCount ephemeral rooms (namespace, default chat) of membersPerRoom members, each publishing messagesPerSecond for durationMs; "
                + "every message reaches every other member once, never its sender; p95 from publish to delivery < latencyThresholdMs.";
    }

    /** One member: its room, its connection, and the messages it has seen (by their send time, unique per room). */
    private static final class Member {
        final String room;
        final CompletableFuture<Frame> caughtUp = new CompletableFuture<>();
        final Set<Long> seen = ConcurrentHashMap.newKeySet();
        final Set<Long> sent = ConcurrentHashMap.newKeySet();
        volatile Connection connection;

        Member(String room) {
            this.room = room;
        }
    }

    @Override
    public void run(ScenarioContext context, ScenarioResult result) throws Exception {
        Settings s = context.settings();
        int rooms = s.integer("roomCount", 50);
        int perRoom = s.integer("membersPerRoom", 10);
        double perSecond = s.decimal("messagesPerSecond", 2);
        long durationMs = s.longValue("durationMs", 20_000);
        String namespace = s.string("namespace", "chat");
        double p95Limit = s.decimal("latencyThresholdMs", 250);
        long settleMs = s.longValue("settleTimeoutMs", 5_000);
        if (perRoom < 2 || rooms < 1 || perSecond <= 0) {
            throw new ConfigException("relay-rooms needs roomCount >= 1, membersPerRoom >= 2 and messagesPerSecond > 0");
        }
        long gatewayPid = s.longValue("gatewayPid", 0);
        ProcessCpu gatewayCpu = gatewayPid > 0 ? ProcessCpu.of(gatewayPid) : null;
        Target second = s.optionalString("secondWsUrl").map(url -> context.target().withWsUrl(URI.create(url))).orElse(null);

        Latency latency = new Latency();
        LongAdder deliveries = new LongAdder();
        LongAdder duplicates = new LongAdder();
        LongAdder echoes = new LongAdder();
        Map<String, LongAdder> errors = new ConcurrentHashMap<>();
        List<Member> members = new ArrayList<>();
        List<List<Member>> byRoom = new ArrayList<>();
        String run = context.newJobId("relay");
        for (int r = 0; r < rooms; r++) {
            List<Member> room = new ArrayList<>();
            for (int m = 0; m < perRoom; m++) {
                Member member = new Member(namespace + ":" + run + "-" + r);
                room.add(member);
                members.add(member);
            }
            byRoom.add(room);
        }
        ScheduledExecutorService senders = Executors.newScheduledThreadPool(2, r -> {
            Thread t = new Thread(r, "relay-senders");
            t.setDaemon(true);
            return t;
        });
        try (WsClients first = context.clients(); WsClients other = second == null ? null : context.clients(second)) {
            List<CompletableFuture<Frame>> joining = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Member member = members.get(i);
                WsClients clients = other != null && i % 2 == 1 ? other : first;
                joining.add(clients.connect(new FrameListener() {
                    @Override
                    public void onFrame(Connection connection, Frame frame, long receivedNanos) {
                        switch (frame.type()) {
                            case "event" -> {
                                long sent = frame.sentNanos();
                                if (sent == Frame.NONE) {
                                    return;
                                }
                                if (member.sent.contains(sent)) {
                                    echoes.increment();
                                } else if (member.seen.add(sent)) {
                                    latency.recordNanos(receivedNanos - sent);
                                    deliveries.increment();
                                } else {
                                    duplicates.increment();
                                }
                            }
                            case "caught-up" -> member.caughtUp.complete(frame);
                            case "error" -> {
                                errors.computeIfAbsent(String.valueOf(frame.code()), k -> new LongAdder()).increment();
                                member.caughtUp.completeExceptionally(new IllegalStateException(frame.code()));
                            }
                            default -> {
                            }
                        }
                    }
                }).thenCompose(connection -> {
                    member.connection = connection;
                    connection.sendQuietly("{\"type\":\"subscribe\",\"jobId\":\"" + member.room + "\"}");
                    return member.caughtUp;
                }).orTimeout(s.longValue("joinTimeoutMs", 30_000), TimeUnit.MILLISECONDS));
            }
            int joined = 0;
            for (CompletableFuture<Frame> f : joining) {
                joined += f.handle((frame, error) -> error == null ? 1 : 0).join();
            }
            result.put("rooms", rooms).put("membersPerRoom", perRoom).put("members", joined)
                    .put("instances", second == null ? 1 : 2).put("messagesPerSecondPerMember", perSecond);
            if (joined < members.size()) {
                result.check(Check.equal("members joined", joined, members.size())).put("errors", counts(errors));
                return;
            }

            LongAdder published = new LongAdder();
            long periodMicros = Math.round(1_000_000 / perSecond);
            long start = System.nanoTime();
            long cpuBefore = gatewayCpu == null ? 0 : gatewayCpu.cpuNanos();
            List<java.util.concurrent.ScheduledFuture<?>> tickers = new ArrayList<>();
            for (int i = 0; i < members.size(); i++) {
                Member member = members.get(i);
                // members start spread over one period, so the rooms' messages do not all leave together
                long offset = periodMicros * i / members.size();
                tickers.add(senders.scheduleAtFixedRate(() -> {
                    if (System.nanoTime() - start >= durationMs * 1_000_000L) {
                        return;
                    }
                    long sent = System.nanoTime();
                    member.sent.add(sent);
                    published.increment();
                    member.connection.sendQuietly("{\"type\":\"publish\",\"jobId\":\"" + member.room + "\",\"eventType\":\""
                            + EVENT_TYPE + "\",\"payload\":{\"sentNanos\":" + sent + ",\"text\":\"opaque-ciphertext\"}}");
                }, offset, periodMicros, TimeUnit.MICROSECONDS));
            }
            try (var progress = context.progress(() -> published.sum() + " published, " + deliveries.sum() + " delivered")) {
                Thread.sleep(durationMs);
                tickers.forEach(t -> t.cancel(false));
                long expected = expected(byRoom);
                long deadline = System.nanoTime() + settleMs * 1_000_000L;
                while (deliveries.sum() < expected && System.nanoTime() < deadline) {
                    Thread.sleep(20);
                }
            }
            long wallNanos = System.nanoTime() - start;
            long expected = expected(byRoom);
            Histogram total = latency.total();
            result.put("published", published.sum()).put("expectedDeliveries", expected).put("deliveries", deliveries.sum())
                    .put("drops", expected - deliveries.sum()).put("duplicates", duplicates.sum())
                    .put("deliveredToSender", echoes.sum()).put("latency", Latency.summary(total)).put("errors", counts(errors));
            if (gatewayCpu != null) {
                result.put("gatewayCpu", BroadcastScenario.cpuReport(gatewayCpu, gatewayCpu.cpuNanos() - cpuBefore, wallNanos,
                        published.sum()));
            }
            result.check(Check.equal("drops", expected - deliveries.sum(), 0));
            result.check(Check.equal("duplicates", duplicates.sum(), 0));
            result.check(Check.equal("deliveries to the sender", echoes.sum(), 0));
            result.check(Check.below("relay latency p95", Latency.percentileMs(total, 95), p95Limit, " ms"));
            for (Member member : members) {
                member.connection.close();
            }
        } finally {
            senders.shutdownNow();
        }
    }

    /** Every message a member sent, to each other member of its room. */
    private static long expected(List<List<Member>> byRoom) {
        long expected = 0;
        for (List<Member> room : byRoom) {
            for (Member member : room) {
                expected += (long) member.sent.size() * (room.size() - 1);
            }
        }
        return expected;
    }

    private static Map<String, Long> counts(Map<String, LongAdder> adders) {
        Map<String, Long> out = new TreeMap<>();
        adders.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }
}
