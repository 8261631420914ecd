package dev.herald.application.port.out;

import dev.herald.application.testing.Eventually;
import dev.herald.domain.channel.RelayedEvent;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.Sender;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.Member;
import dev.herald.domain.presence.Membership;
import dev.herald.domain.presence.PresenceNotice;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.LongStream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link EventBus} adapter must do. Delivery is asynchronous, so tests wait for it;
 * "nothing arrives" is shown by a later event on the same job arriving first (per-job order).
 */
public abstract class EventBusContract {

    private static final Instant T0 = Instant.parse("2026-03-04T05:06:07.089Z");

    /** The bus under test; return the same instance on every call within a test. */
    protected abstract EventBus bus();

    /** A second instance connected to the same broker (another gateway). Defaults to the same one. */
    protected EventBus peerBus() {
        return bus();
    }

    protected static JobId newJob() {
        return JobId.of("job-" + UUID.randomUUID());
    }

    protected static JobEvent event(JobId job, long seq) {
        return new JobEvent(job, seq, EventType.of("test.step"), T0.plusMillis(seq), "{\"seq\":" + seq + "}");
    }

    private static List<Long> seqs(List<JobEvent> events) {
        return events.stream().map(JobEvent::seq).toList();
    }

    @Test
    void deliversAPublishedEventToTheJobsSubscriber() {
        JobId job = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        bus().subscribe(job, received::add);
        JobEvent sent = new JobEvent(job, 1, EventType.of("generation.chapter.started"), T0,
                "{\"title\":\"Chapitre — l'été \uD83D\uDCDA\",\"n\":[1,2.5,null]}");
        bus().publish(sent);
        Eventually.await("the event", () -> received.size() == 1);
        assertThat(received.get(0)).isEqualTo(sent);
    }

    @Test
    void aPresenceNoticeReachesAnInstanceHoldingTheJobBesideItsEvents() {
        JobId job = newJob();
        List<PresenceNotice> heard = new CopyOnWriteArrayList<>();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        peerBus().addPresenceListener(notice -> {
            if (notice.membership().jobId().equals(job)) {
                heard.add(notice);
            }
        });
        peerBus().subscribe(job, received::add);
        Membership membership = new Membership(job, new Member(ClientId.of("client-1"),
                Optional.of("Zoé, with spaces\nand a line"), T0), InstanceId.random(), 3);
        bus().publishPresence(PresenceNotice.join(membership));
        bus().publish(event(job, 1));
        bus().publishPresence(PresenceNotice.leave(membership.withVersion(4)));
        Eventually.await("both notices and the event", () -> heard.size() == 2 && received.size() == 1);
        assertThat(heard).containsExactly(PresenceNotice.join(membership),
                PresenceNotice.leave(membership.withVersion(4)));
        assertThat(received).containsExactly(event(job, 1));
    }

    @Test
    void deliversOnlyTheSubscribedJob() {
        JobId mine = newJob();
        JobId other = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        bus().subscribe(mine, received::add);
        bus().publish(event(other, 1));
        bus().publish(event(mine, 1));
        Eventually.await("the event of my job", () -> received.size() == 1);
        assertThat(received).extracting(JobEvent::jobId).containsOnly(mine);
    }

    @Test
    void everySubscriberOfAJobReceives() {
        JobId job = newJob();
        List<JobEvent> first = new CopyOnWriteArrayList<>();
        List<JobEvent> second = new CopyOnWriteArrayList<>();
        bus().subscribe(job, first::add);
        bus().subscribe(job, second::add);
        bus().publish(event(job, 1));
        Eventually.await("both subscribers", () -> first.size() == 1 && second.size() == 1);
    }

    @Test
    void aCancelledSubscriptionReceivesNothingMore() {
        JobId job = newJob();
        List<JobEvent> cancelled = new CopyOnWriteArrayList<>();
        List<JobEvent> sentinel = new CopyOnWriteArrayList<>();
        BusSubscription subscription = bus().subscribe(job, cancelled::add);
        bus().subscribe(job, sentinel::add);
        bus().publish(event(job, 1));
        Eventually.await("first event to both", () -> cancelled.size() == 1 && sentinel.size() == 1);

        subscription.cancel();
        bus().publish(event(job, 2));
        bus().publish(event(job, 3));
        Eventually.await("later events to the sentinel", () -> sentinel.size() == 3);
        assertThat(seqs(cancelled)).containsExactly(1L);
    }

    @Test
    void keepsPublicationOrderWithinAJob() {
        JobId job = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        bus().subscribe(job, received::add);
        for (long seq = 1; seq <= 200; seq++) {
            bus().publish(event(job, seq));
        }
        Eventually.await("200 events", () -> received.size() >= 200);
        assertThat(seqs(received)).containsExactlyElementsOf(LongStream.rangeClosed(1, 200).boxed().toList());
    }

    @Test
    void publishesABatchInOrderToEveryInstance() {
        JobId job = newJob();
        JobId other = newJob();
        List<JobEvent> here = new CopyOnWriteArrayList<>();
        List<JobEvent> there = new CopyOnWriteArrayList<>();
        bus().subscribe(job, here::add);
        peerBus().subscribe(job, there::add);
        bus().publishAll(List.of(event(job, 1)));
        bus().publishAll(LongStream.rangeClosed(2, 40).mapToObj(seq -> event(job, seq)).toList());
        bus().publishAll(List.of());
        bus().publishAll(List.of(event(other, 1), event(other, 2)));
        bus().publish(event(job, 41));

        Eventually.await("41 events on both instances", () -> here.size() == 41 && there.size() == 41);
        List<Long> expected = LongStream.rangeClosed(1, 41).boxed().toList();
        assertThat(seqs(here)).containsExactlyElementsOf(expected);
        assertThat(seqs(there)).containsExactlyElementsOf(expected);
        assertThat(here.get(39)).isEqualTo(event(job, 40));
    }

    @Test
    void deliversEventsPublishedByAnotherInstance() {
        JobId job = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        bus().subscribe(job, received::add);
        peerBus().publish(event(job, 1));
        Eventually.await("the peer's event", () -> received.size() == 1);
        assertThat(received.get(0)).isEqualTo(event(job, 1));
    }

    @Test
    void reportsItselfConnected() {
        Eventually.await("connected", () -> bus().state().connected());
        assertThat(bus().state().reconnects()).isGreaterThanOrEqualTo(0);
    }

    // --- stored events published by a client, and relayed events of ephemeral channels ---

    private static final Sender ALICE = new Sender(ClientId.of("c-Alice_1"), Optional.of("alice@example.com ✓"));

    protected static RelayedEvent relayed(JobId channel, int n) {
        return new RelayedEvent(channel, EventType.of("chat.message"), T0.plusMillis(n),
                "{\"ciphertext\":\"" + n + "\"}", Optional.of(ALICE));
    }

    @Test
    void carriesTheSenderOfAStoredEvent() {
        JobId job = newJob();
        List<JobEvent> received = new CopyOnWriteArrayList<>();
        peerBus().subscribe(job, received::add);
        JobEvent sent = new JobEvent(job, 1, EventType.of("game.ready"), T0, "{\"ready\":true}", Optional.of(ALICE));
        JobEvent anonymous = new JobEvent(job, 2, EventType.of("game.ready"), T0, "{}",
                Optional.of(new Sender(ClientId.of("c2"), Optional.empty())));
        bus().publishAll(List.of(sent, anonymous));
        Eventually.await("both events", () -> received.size() == 2);
        assertThat(received).containsExactly(sent, anonymous);
    }

    @Test
    void relaysToTheChannelsRelayListenersOnEveryInstance() {
        JobId channel = newJob();
        List<RelayedEvent> here = new CopyOnWriteArrayList<>();
        List<RelayedEvent> there = new CopyOnWriteArrayList<>();
        List<JobEvent> storedListener = new CopyOnWriteArrayList<>();
        bus().subscribeRelayed(channel, here::add);
        peerBus().subscribeRelayed(channel, there::add);
        bus().subscribe(channel, storedListener::add);
        RelayedEvent fromWorker = new RelayedEvent(channel, EventType.of("notice"), T0, "\"hi\"", Optional.empty());
        bus().relay(relayed(channel, 1));
        peerBus().relay(fromWorker);
        Eventually.await("both relays on both instances", () -> here.size() == 2 && there.size() == 2);
        assertThat(here).containsExactly(relayed(channel, 1), fromWorker);
        assertThat(there).containsExactly(relayed(channel, 1), fromWorker);

        // a stored event on the same channel reaches only the stored-event listener: the kinds do not mix
        bus().publish(event(channel, 1));
        Eventually.await("the stored event", () -> storedListener.size() == 1);
        assertThat(here).hasSize(2);
    }

    @Test
    void relaysFromOneThreadArriveInTheOrderMade() {
        JobId channel = newJob();
        List<RelayedEvent> received = new CopyOnWriteArrayList<>();
        peerBus().subscribeRelayed(channel, received::add);
        for (int n = 1; n <= 200; n++) {
            bus().relay(relayed(channel, n));
        }
        Eventually.await("200 relays", () -> received.size() >= 200);
        assertThat(received).extracting(RelayedEvent::payload).containsExactlyElementsOf(
                java.util.stream.IntStream.rangeClosed(1, 200).mapToObj(n -> "{\"ciphertext\":\"" + n + "\"}").toList());
    }

    @Test
    void aCancelledRelaySubscriptionReceivesNothingMore() {
        JobId channel = newJob();
        List<RelayedEvent> cancelled = new CopyOnWriteArrayList<>();
        List<RelayedEvent> sentinel = new CopyOnWriteArrayList<>();
        BusSubscription subscription = bus().subscribeRelayed(channel, cancelled::add);
        bus().subscribeRelayed(channel, sentinel::add);
        bus().relay(relayed(channel, 1));
        Eventually.await("first relay to both", () -> cancelled.size() == 1 && sentinel.size() == 1);

        subscription.cancel();
        bus().relay(relayed(channel, 2));
        bus().relay(relayed(channel, 3));
        Eventually.await("later relays to the sentinel", () -> sentinel.size() == 3);
        assertThat(cancelled).hasSize(1);
    }
}
