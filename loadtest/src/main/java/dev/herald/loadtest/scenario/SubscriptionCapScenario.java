package dev.herald.loadtest.scenario;

import dev.herald.loadtest.client.Connection;
import dev.herald.loadtest.client.Frame;
import dev.herald.loadtest.client.WsClients;
import dev.herald.loadtest.config.Settings;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

/**
 * One socket subscribes to cap + extras distinct jobs, each request with its own id: the first cap
 * must be {@code subscribed}, and each extra must get exactly one {@code SUBSCRIPTION_LIMIT} error
 * (echoing its id), and the socket must stay open.
 */
public final class SubscriptionCapScenario implements Scenario {

    @Override
    public String name() {
        return "subscription-cap";
    }

    @Override
    public String description() {
        return "One socket subscribes to cap + extras jobs; one SUBSCRIPTION_LIMIT error per extra request (gateway: SOCKET_MAX_SUBSCRIPTIONS_PER_CLIENT = cap).";
    }

    @Override
    public void run(ScenarioContext context, ScenarioResult result) throws Exception {
        Settings s = context.settings();
        int cap = s.integer("cap", 5);
        int extras = s.integer("extras", 3);
        long timeoutMs = s.longValue("replyTimeoutMs", 5_000);
        Map<String, List<Frame>> repliesById = new ConcurrentHashMap<>();
        List<Frame> unmatched = new CopyOnWriteArrayList<>();
        try (WsClients clients = context.clients()) {
            Connection socket = clients.connect((c, frame, at) -> {
                if ((frame.is("subscribed") || frame.is("error")) && frame.id() != null) {
                    repliesById.computeIfAbsent(frame.id(), id -> new CopyOnWriteArrayList<>()).add(frame);
                } else if (frame.is("error")) {
                    unmatched.add(frame);
                }
            }).get(timeoutMs, TimeUnit.MILLISECONDS);
            String base = context.newJobId("cap");
            int total = cap + extras;
            List<String> ids = new ArrayList<>();
            for (int i = 1; i <= total; i++) {
                String id = "s" + i;
                ids.add(id);
                socket.send("{\"type\":\"subscribe\",\"jobId\":\"" + base + "-" + i + "\",\"id\":\"" + id + "\"}")
                        .get(timeoutMs, TimeUnit.MILLISECONDS);
                // in order, so which requests are "extra" is well defined
                long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMs);
                while (!repliesById.containsKey(id) && System.nanoTime() < deadline) {
                    Thread.sleep(2);
                }
            }
            Thread.sleep(s.longValue("settleMs", 500)); // a second error per request would show up here
            int subscribed = 0;
            int limitErrors = 0;
            int extrasWithExactlyOneError = 0;
            List<String> other = new ArrayList<>();
            for (int i = 0; i < total; i++) {
                List<Frame> replies = repliesById.getOrDefault(ids.get(i), List.of());
                long ok = replies.stream().filter(f -> f.is("subscribed")).count();
                long limit = replies.stream().filter(f -> f.is("error") && "SUBSCRIPTION_LIMIT".equals(f.code())).count();
                subscribed += (int) ok;
                limitErrors += (int) limit;
                if (i >= cap && limit == 1 && replies.size() == 1) {
                    extrasWithExactlyOneError++;
                }
                final int index = i;
                replies.stream().filter(f -> f.is("error") && !"SUBSCRIPTION_LIMIT".equals(f.code()))
                        .forEach(f -> other.add(ids.get(index) + ":" + f.code()));
            }
            unmatched.forEach(f -> other.add("?:" + f.code()));
            result.put("cap", cap).put("requests", total).put("subscribed", subscribed)
                    .put("subscriptionLimitErrors", limitErrors).put("otherErrors", other)
                    .put("socketOpen", socket.isOpen());
            result.check(Check.equal("subscriptions held", subscribed, cap));
            result.check(Check.equal("extras with exactly one SUBSCRIPTION_LIMIT", extrasWithExactlyOneError, extras));
            result.check(Check.equal("SUBSCRIPTION_LIMIT errors in all", limitErrors, extras));
            result.check(Check.equal("other errors", other.size(), 0));
            result.check(Check.equal("socket still open", socket.isOpen(), true));
        }
    }
}
