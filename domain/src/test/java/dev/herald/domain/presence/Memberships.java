package dev.herald.domain.presence;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

import java.time.Instant;
import java.util.Optional;

/** Test data: memberships of channel {@code room:1} by default. */
final class Memberships {

    static final Instant T0 = Instant.parse("2026-01-02T03:04:05Z");
    static final JobId ROOM = JobId.of("room:1");
    static final InstanceId A = new InstanceId("a");
    static final InstanceId B = new InstanceId("b");

    private Memberships() {
    }

    static Membership of(String client, InstanceId instance, long version) {
        return of(ROOM, client, instance, version);
    }

    static Membership of(JobId job, String client, InstanceId instance, long version) {
        return new Membership(job, new Member(ClientId.of(client), Optional.of("user-" + client), T0), instance,
                version);
    }
}
