package dev.herald.domain.presence;

import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import static dev.herald.domain.presence.Memberships.A;
import static dev.herald.domain.presence.Memberships.B;
import static dev.herald.domain.presence.Memberships.ROOM;
import static dev.herald.domain.presence.Memberships.T0;
import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

/**
 * Presence bookkeeping under the bus's at-most-once delivery: whatever the loss, duplication and
 * reordering of the notices, subscribers are told each change once (joins and leaves of one client
 * alternate, starting with a join), what they were told adds up to the view's members, and after
 * a snapshot of the truth the view is the truth.
 */
class PresencePropertyTest {

    private static final List<String> CLIENTS = List.of("c1", "c2", "c3", "c4");

    /** The notices the instances sent, in the order they made them, and what arrived. */
    record Scenario(List<PresenceNotice> sent, List<PresenceNotice> arrived, boolean lossy) {
        @Override
        public String toString() {
            return "sent=" + describe(sent) + "\n arrived=" + describe(arrived);
        }

        private static List<String> describe(List<PresenceNotice> notices) {
            return notices.stream().map(n -> n.kind() + ":" + n.membership().member().clientId() + "@"
                    + n.membership().version()).toList();
        }
    }

    private static final Gen<Scenario> SCENARIOS = in -> {
        Map<InstanceId, Long> versions = new HashMap<>(Map.of(A, 0L, B, 0L));
        Set<String> present = new HashSet<>();
        List<PresenceNotice> sent = new ArrayList<>();
        int steps = integers().between(0, 30).generate(in);
        for (int i = 0; i < steps; i++) {
            String client = CLIENTS.get(integers().between(0, CLIENTS.size() - 1).generate(in));
            // c1 and c2 live on A, the others on B: a client never changes instance
            InstanceId instance = client.compareTo("c3") < 0 ? A : B;
            long version = versions.merge(instance, 1L, Long::sum);
            Membership membership = Memberships.of(client, instance, version);
            if (present.add(client)) {
                sent.add(PresenceNotice.join(membership));
            } else {
                present.remove(client);
                sent.add(PresenceNotice.leave(membership));
            }
        }
        boolean lossy = booleans().all().generate(in);
        List<PresenceNotice> arrived = new ArrayList<>();
        for (PresenceNotice notice : sent) {
            int fate = integers().between(0, 9).generate(in);
            if (fate == 0 && lossy) {
                continue;                                                         // lost
            }
            int at = fate <= 5 ? arrived.size() : integers().between(0, arrived.size()).generate(in);
            arrived.add(at, notice);                                              // in order, or overtaking
            if (fate == 9) {
                arrived.add(integers().between(0, arrived.size()).generate(in), notice); // and once more
            }
        }
        return new Scenario(sent, arrived, lossy);
    };

    private static Set<String> truth(List<PresenceNotice> sent) {
        Set<String> members = new TreeSet<>();
        for (PresenceNotice notice : sent) {
            String client = notice.membership().member().clientId().value();
            if (notice.kind() == PresenceNotice.Kind.JOIN) {
                members.add(client);
            } else {
                members.remove(client);
            }
        }
        return members;
    }

    private static List<Membership> truthSnapshot(List<PresenceNotice> sent) {
        Map<String, PresenceNotice> last = new HashMap<>();
        sent.forEach(n -> last.put(n.membership().member().clientId().value(), n));
        return last.values().stream().filter(n -> n.kind() == PresenceNotice.Kind.JOIN)
                .map(PresenceNotice::membership).toList();
    }

    private static Set<String> clients(PresenceView view, JobId job) {
        Set<String> clients = new TreeSet<>();
        view.members(job).forEach(m -> clients.add(m.clientId().value()));
        return clients;
    }

    /** A subscriber that only ever learns from the announced changes. */
    private static final class Listener {
        final Set<String> members = new TreeSet<>();

        void hear(PresenceNotice notice) {
            String client = notice.membership().member().clientId().value();
            boolean changed = notice.kind() == PresenceNotice.Kind.JOIN ? members.add(client) : members.remove(client);
            assertThat(changed).as("announced " + notice.kind() + " of " + client + " that changes nothing").isTrue();
        }
    }

    @Test
    void announcedChangesAlternateAddUpToTheViewAndASnapshotRestoresTheTruth() {
        qt().withExamples(3000).forAll(SCENARIOS).checkAssert(scenario -> {
            PresenceView view = new PresenceView(Duration.ofSeconds(30));
            Listener listener = new Listener();
            Instant now = T0;
            for (PresenceNotice notice : scenario.arrived()) {
                now = now.plusMillis(10);
                view.apply(notice, now).ifPresent(listener::hear);
            }
            assertThat(listener.members).as(scenario.toString()).isEqualTo(clients(view, ROOM));
            if (!scenario.lossy()) {
                assertThat(clients(view, ROOM)).as("nothing lost: " + scenario).isEqualTo(truth(scenario.sent()));
            }

            Instant readStarted = now.plusMillis(1);
            view.reconcile(ROOM, truthSnapshot(scenario.sent()), readStarted, readStarted.plusMillis(5))
                    .forEach(listener::hear);
            assertThat(clients(view, ROOM)).as("after a snapshot: " + scenario).isEqualTo(truth(scenario.sent()));
            assertThat(listener.members).isEqualTo(truth(scenario.sent()));

            // anything still in flight after the snapshot is old: it changes nothing
            for (PresenceNotice notice : scenario.arrived()) {
                assertThat(view.apply(notice, readStarted.plusMillis(10))).as(scenario.toString()).isEmpty();
            }
        });
    }

    @Test
    void theLedgerCountsExactlyTheMembersOfInstancesSeenWithinTheTtl() {
        // each operation: {kind, client}; kinds 0-1 toggle the client, 2 renews its instance,
        // 3 and 4 move time on, 5 expires the ledger
        Gen<List<int[]>> operations = in -> {
            List<int[]> ops = new ArrayList<>();
            int count = integers().between(1, 40).generate(in);
            for (int i = 0; i < count; i++) {
                ops.add(new int[]{integers().between(0, 5).generate(in), integers().between(0, 3).generate(in)});
            }
            return ops;
        };
        Duration ttl = Duration.ofSeconds(30);
        qt().withExamples(2000).forAll(operations).checkAssert(ops -> {
            PresenceLedger ledger = new PresenceLedger(new PresenceTtl(ttl));
            Map<InstanceId, Instant> lastSeen = new HashMap<>();
            Map<String, Boolean> present = new HashMap<>();
            Map<InstanceId, Long> versions = new HashMap<>();
            Instant now = T0;
            for (int[] op : ops) {
                String client = CLIENTS.get(op[1]);
                InstanceId instance = op[1] < 2 ? A : B;
                switch (op[0]) {
                    case 0, 1 -> {
                        long version = versions.merge(instance, 1L, Long::sum);
                        Membership membership = Memberships.of(client, instance, version);
                        if (present.getOrDefault(client, false)) {
                            ledger.leave(membership, now);
                            present.put(client, false);
                        } else {
                            ledger.join(membership, now);
                            present.put(client, true);
                        }
                        lastSeen.put(instance, now);
                    }
                    case 2 -> {
                        ledger.renew(instance, now);
                        lastSeen.put(instance, now);
                    }
                    case 3 -> now = now.plusSeconds(7);
                    case 4 -> now = now.plusSeconds(25);
                    default -> {
                        ledger.expire(now);
                        for (Map.Entry<InstanceId, Instant> seen : lastSeen.entrySet()) {
                            if (!seen.getValue().plus(ttl).isAfter(now)) {
                                InstanceId dead = seen.getKey();
                                present.replaceAll((c, p) -> (c.compareTo("c3") < 0 ? A : B).equals(dead) ? false : p);
                            }
                        }
                    }
                }
                Instant at = now;
                Set<String> expected = new TreeSet<>();
                present.forEach((c, p) -> {
                    InstanceId holder = c.compareTo("c3") < 0 ? A : B;
                    if (p && lastSeen.get(holder).plus(ttl).isAfter(at)) {
                        expected.add(c);
                    }
                });
                Set<String> listed = new TreeSet<>();
                ledger.members(ROOM, now).forEach(m -> listed.add(m.member().clientId().value()));
                assertThat(listed).isEqualTo(expected);
            }
        });
    }
}
