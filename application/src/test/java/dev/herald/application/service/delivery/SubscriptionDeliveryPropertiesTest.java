package dev.herald.application.service.delivery;

import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.longs;

/**
 * The delivery guarantee as a property: whatever the interleaving of catch-up reads, publications
 * and the bus's losses, duplicates and reordering, a subscriber sees exactly
 * {@code afterSeq+1 .. head}, in order, once each, after its {@code subscribed} and with one
 * {@code caught-up} between replayed and live events.
 */
class SubscriptionDeliveryPropertiesTest {

    private static final JobId JOB = JobId.of("job-p");

    @Test
    void everySubscriberSeesExactlyTheStoredEventsAfterItsCursorInOrder() {
        qt().withExamples(400)
                .forAll(integers().between(0, 8), integers().between(0, 20), integers().between(0, 25),
                        longs().all())
                .checkAssert((afterSeq, stored, publishedDuring, seed) ->
                        runScenario(afterSeq, stored, publishedDuring, new Random(seed)));
    }

    private void runScenario(int afterSeq, int stored, int publishedDuring, Random random) {
        // small pages and a small hold limit, so every path (paging, overflow) is taken
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults().withCatchUp(3, 4, Duration.ofMinutes(10)));
        gw.store.appendMany(JOB, stored, gw.clock.instant());
        ClientId client = gw.connect("c");
        List<JobEvent> delivered = new ArrayList<>();

        gw.subscribe(client, JOB.value(), (long) afterSeq);
        int published = 0;
        for (int step = 0; step < 400 && (published < publishedDuring || gw.tasks.hasPending()
                || gw.bus.outboxSize() > 0); step++) {
            switch (random.nextInt(7)) {
                case 0, 1 -> {
                    if (published < publishedDuring) {
                        gw.publish(JOB.value(), "step");
                        published++;
                    }
                }
                case 2 -> gw.tasks.runRandom(random);
                case 3 -> deliverOne(gw, random, delivered, false);
                case 4 -> deliverOne(gw, random, delivered, random.nextInt(4) == 0); // sometimes lost
                case 5 -> {
                    if (!delivered.isEmpty()) { // the broker repeats itself
                        gw.bus.deliver(delivered.get(random.nextInt(delivered.size())));
                    }
                }
                default -> {
                    int pick = random.nextInt(10);
                    if (pick == 0) {
                        gw.core.reconcileSubscriptions().reconcile();
                    } else if (pick == 1) {
                        gw.core.reconcileSubscriptions().reconcileStuck();
                    } else {
                        gw.clock.advance(Duration.ofMillis(20));
                    }
                }
            }
        }
        while (published < publishedDuring) {
            gw.publish(JOB.value(), "step");
            published++;
        }
        gw.settle();
        // the periodic safety net: two rounds repair whatever was lost
        gw.core.reconcileSubscriptions().reconcileStuck();
        gw.settle();
        gw.core.reconcileSubscriptions().reconcileStuck();
        gw.settle();

        long head = gw.store.headSeq(JOB);
        List<Long> expected = LongStream.rangeClosed(afterSeq + 1L, head).boxed().toList();
        List<ServerMessage> messages = gw.channel.messages(client);
        List<ServerMessage.Event> events = gw.channel.messages(client, ServerMessage.Event.class);

        assertThat(messages.get(0)).isInstanceOf(ServerMessage.Subscribed.class);
        assertThat(events).extracting(e -> e.event().seq()).containsExactlyElementsOf(expected);
        List<ServerMessage.CaughtUp> caughtUps = gw.channel.messages(client, ServerMessage.CaughtUp.class);
        assertThat(caughtUps).hasSize(1);
        int caughtUpAt = messages.indexOf(caughtUps.get(0));
        long replayedBefore = messages.subList(0, caughtUpAt).stream()
                .filter(m -> m instanceof ServerMessage.Event).count();
        assertThat(caughtUps.get(0).replayed()).isEqualTo(replayedBefore);
        assertThat(caughtUps.get(0).seq()).isEqualTo(afterSeq + replayedBefore);
        for (int i = 0; i < messages.size(); i++) {
            if (messages.get(i) instanceof ServerMessage.Event event) {
                assertThat(event.replay()).as("replay flag of message %d", i).isEqualTo(i < caughtUpAt);
            }
        }
        assertThat(gw.channel.errors(client)).isEmpty();
    }

    private static void deliverOne(GatewayFixture gw, Random random, List<JobEvent> delivered, boolean lose) {
        int pending = gw.bus.outboxSize();
        if (pending == 0) {
            return;
        }
        JobEvent event = gw.bus.take(random.nextInt(pending)); // any order: the broker may reorder
        if (!lose) {
            gw.bus.deliver(event);
            delivered.add(event);
        }
    }
}
