package dev.herald.adapter.redis;

import dev.herald.application.port.out.PresenceRegistry;
import dev.herald.application.port.out.PresenceUnavailableException;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.Member;
import dev.herald.domain.presence.Membership;
import dev.herald.domain.presence.PresenceTtl;
import redis.clients.jedis.AbstractPipeline;
import redis.clients.jedis.RedisClient;
import redis.clients.jedis.Response;
import redis.clients.jedis.exceptions.JedisException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.Supplier;

/**
 * {@link PresenceRegistry} in Redis, shared by every instance on the same Redis:
 * <ul>
 * <li>{@code herald:presence:<jobId>}: a hash per channel, field = client id, value = the
 * membership ({@link MembershipCodec}: instance, version, joinedAt, user);</li>
 * <li>{@code herald:presence:instances}: a sorted set of instance ids scored by the end of their
 * lease (epoch ms, from the writing instance's clock).</li>
 * </ul>
 * A member counts while its instance's lease runs: a reader keeps the fields whose instance scores
 * after its own "now", so the members of an instance that died without a word drop out at most one
 * TTL after its last refresh, whatever Redis's own key expiry does. Keys expire three TTLs after
 * the last write to them, so nothing is left behind once every instance is gone; a reader also
 * deletes the fields of instances whose lease ended. A Redis that restarted empty is filled again
 * by each instance's next refresh. Clocks of instances are assumed in step to well under the TTL.
 *
 * <p>Adds and removes are scripts that compare versions, so a change older than the one stored for
 * the same client is ignored (no tombstone is kept: a join overtaken by its own leave is prevented
 * by the caller, which writes one instance's changes in order). A command that fails on a pooled
 * connection that died (a Redis restart) is tried once more on a fresh one.
 */
public final class RedisPresenceRegistry implements PresenceRegistry, AutoCloseable {

    static final String CHANNEL_PREFIX = "herald:presence:";
    static final String INSTANCES = "herald:presence:instances";

    /** KEYS: hash, instances; ARGV: client, version, value, instance, lease end, key TTL ms. */
    private static final String ADD = """
            local current = redis.call('HGET', KEYS[1], ARGV[1])
            local written = 0
            if (not current) or tonumber(string.match(current, '^%S+ (%d+)')) < tonumber(ARGV[2]) then
              redis.call('HSET', KEYS[1], ARGV[1], ARGV[3])
              written = 1
            end
            redis.call('PEXPIRE', KEYS[1], ARGV[6])
            redis.call('ZADD', KEYS[2], ARGV[5], ARGV[4])
            redis.call('PEXPIRE', KEYS[2], ARGV[6])
            return written""";

    /** KEYS: hash; ARGV: client, version of the leave. */
    private static final String REMOVE = """
            local current = redis.call('HGET', KEYS[1], ARGV[1])
            if current and tonumber(string.match(current, '^%S+ (%d+)')) < tonumber(ARGV[2]) then
              return redis.call('HDEL', KEYS[1], ARGV[1])
            end
            return 0""";

    /** KEYS: hash; ARGV: client, the value read. Deletes a dead instance's field unless it changed since. */
    private static final String DELETE_IF_UNCHANGED = """
            if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then
              return redis.call('HDEL', KEYS[1], ARGV[1])
            end
            return 0""";

    private static final System.Logger LOG = System.getLogger(RedisPresenceRegistry.class.getName());

    private final RedisClient client;
    private final Clock clock;
    private final PresenceTtl ttl;
    private final String address;
    private final long keyTtlMillis;

    private RedisPresenceRegistry(RedisConnections connections, Clock clock, PresenceTtl ttl) {
        this.client = connections.newPooledClient("herald-presence");
        this.clock = clock;
        this.ttl = ttl;
        this.address = connections.endpoint().address();
        this.keyTtlMillis = ttl.duration().multipliedBy(3).toMillis();
    }

    /** Connects lazily: a Redis that is down does not fail the start (calls fail until it is back). */
    public static RedisPresenceRegistry start(RedisSettings settings, Clock clock, PresenceTtl ttl) {
        Objects.requireNonNull(settings, "settings");
        Objects.requireNonNull(clock, "clock");
        Objects.requireNonNull(ttl, "ttl");
        return new RedisPresenceRegistry(new RedisConnections(settings), clock, ttl);
    }

    static String key(JobId jobId) {
        return CHANNEL_PREFIX + jobId.value();
    }

    @Override
    public void add(Membership membership) {
        Instant now = clock.instant();
        call("add a member", () -> client.eval(ADD, List.of(key(membership.jobId()), INSTANCES), List.of(
                membership.member().clientId().value(), Long.toString(membership.version()),
                MembershipCodec.encode(membership), membership.instance().value(), Long.toString(leaseEnd(now)),
                Long.toString(keyTtlMillis))));
    }

    @Override
    public void remove(Membership leave) {
        call("remove a member", () -> client.eval(REMOVE, List.of(key(leave.jobId())), List.of(
                leave.member().clientId().value(), Long.toString(leave.version()))));
    }

    @Override
    public List<Membership> members(JobId jobId) {
        long now = clock.instant().toEpochMilli();
        Snapshot read = call("read the members", () -> {
            try (AbstractPipeline pipeline = client.pipelined()) {
                Response<Map<String, String>> hash = pipeline.hgetAll(key(jobId));
                Response<List<String>> instances = pipeline.zrangeByScore(INSTANCES, "(" + now, "+inf");
                pipeline.sync();
                return new Snapshot(hash.get(), new HashSet<>(instances.get()));
            }
        });
        Map<String, String> fields = read.fields();
        Set<String> live = read.liveInstances();
        List<Membership> members = new ArrayList<>();
        for (Map.Entry<String, String> field : fields.entrySet()) {
            Membership membership;
            try {
                membership = MembershipCodec.decode(jobId, ClientId.of(field.getKey()), field.getValue());
            } catch (MalformedMessageException | IllegalArgumentException e) {
                LOG.log(System.Logger.Level.WARNING, "Ignored a malformed presence entry in " + key(jobId) + ": "
                        + e.getMessage());
                continue;
            }
            if (live.contains(membership.instance().value())) {
                members.add(membership);
            } else {
                forgetDead(jobId, field.getKey(), field.getValue());
            }
        }
        members.sort((a, b) -> Member.BY_ARRIVAL.compare(a.member(), b.member()));
        return members;
    }

    /** One round trip: the lease, the dead leases' clean-up, and every member held, written again. */
    @Override
    public void refresh(InstanceId instance, Collection<Membership> held) {
        Instant now = clock.instant();
        call("refresh this instance's members", () -> {
            try (AbstractPipeline pipeline = client.pipelined()) {
                pipeline.zadd(INSTANCES, leaseEnd(now), instance.value());
                pipeline.zremrangeByScore(INSTANCES, "-inf", "(" + now.minus(ttl.duration()).toEpochMilli());
                pipeline.pexpire(INSTANCES, keyTtlMillis);
                Set<JobId> channels = new LinkedHashSet<>();
                for (Membership membership : held) {
                    pipeline.hset(key(membership.jobId()), membership.member().clientId().value(),
                            MembershipCodec.encode(membership));
                    channels.add(membership.jobId());
                }
                channels.forEach(job -> pipeline.pexpire(key(job), keyTtlMillis));
                pipeline.sync();
            }
            return null;
        });
    }

    /** Host and port of Redis (no credentials), for logs. */
    public String address() {
        return address;
    }

    public Duration ttl() {
        return ttl.duration();
    }

    @Override
    public void close() {
        client.close();
    }

    /** A channel's hash and the instances whose lease runs, read in one round trip. */
    private record Snapshot(Map<String, String> fields, Set<String> liveInstances) {
    }

    private void forgetDead(JobId jobId, String clientId, String value) {
        try {
            client.eval(DELETE_IF_UNCHANGED, List.of(key(jobId)), List.of(clientId, value));
        } catch (JedisException e) {
            // the next reader tries again; the entry is ignored meanwhile
            LOG.log(System.Logger.Level.DEBUG, () -> "Could not delete a dead presence entry: " + e.getMessage());
        }
    }

    private long leaseEnd(Instant now) {
        return now.plus(ttl.duration()).toEpochMilli();
    }

    private <T> T call(String what, Supplier<T> command) {
        try {
            return StaleRetry.once(command);
        } catch (JedisException e) {
            throw new PresenceUnavailableException("Redis at " + address + " could not " + what + ": "
                    + Failures.describe(e), e);
        }
    }
}
