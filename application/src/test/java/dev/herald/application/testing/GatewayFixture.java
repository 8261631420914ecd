package dev.herald.application.testing;

import dev.herald.application.port.in.Admission;
import dev.herald.application.port.in.ConnectCommand;
import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.PublishEventCommand;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.application.port.in.RequestId;
import dev.herald.application.port.in.SubscribeCommand;
import dev.herald.application.port.out.Telemetry;
import dev.herald.application.port.out.TokenVerifier;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.service.HeraldCore;
import dev.herald.domain.auth.TokenExpiry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;

import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One gateway instance over controllable fakes: a manual clock and task scheduler, a scripted
 * bus, a test store and a recording channel. Nothing runs unless the test cranks it.
 */
public final class GatewayFixture {

    public final ManualClock clock = ManualClock.atEpochPlusOneDay();
    public final ManualTaskScheduler tasks = new ManualTaskScheduler(clock);
    public final TestEventStore store;
    public final ScriptedEventBus bus;
    public final RecordingChannel channel = new RecordingChannel();
    public final TestPresenceRegistry presence;
    public final HeraldCore core;

    public GatewayFixture() {
        this(GatewaySettings.defaults());
    }

    public GatewayFixture(GatewaySettings settings) {
        this(settings, Optional.empty());
    }

    public GatewayFixture(GatewaySettings settings, Optional<TokenVerifier> verifier) {
        this(settings, verifier, new TestEventStore(), new ScriptedEventBus());
    }

    public GatewayFixture(GatewaySettings settings, Optional<TokenVerifier> verifier, TestEventStore store,
                          ScriptedEventBus bus) {
        this(settings, verifier, store, bus, null);
    }

    /**
     * A further instance sharing {@code store}, {@code bus} and {@code presence} with another
     * fixture ({@code presence} null: its own, on this fixture's clock).
     */
    public GatewayFixture(GatewaySettings settings, Optional<TokenVerifier> verifier, TestEventStore store,
                          ScriptedEventBus bus, TestPresenceRegistry presence) {
        this.store = store;
        this.bus = bus;
        this.presence = presence != null ? presence : new TestPresenceRegistry(clock, TestPresenceRegistry.TTL);
        this.core = new HeraldCore(new HeraldCore.Ports(store, bus, channel, tasks, clock, new Telemetry() {
        }, verifier, new HeraldCore.Presence(this.presence, this.presence.ttl())), settings);
    }

    /** One instance whose operator controls are {@code operations} (e.g. a cluster control shared with another). */
    public GatewayFixture(GatewaySettings settings, HeraldCore.Operations operations) {
        this(settings, Optional.empty(), operations);
    }

    /** As above, with auth on when {@code verifier} is present. */
    public GatewayFixture(GatewaySettings settings, Optional<TokenVerifier> verifier, HeraldCore.Operations operations) {
        this.store = new TestEventStore();
        this.bus = new ScriptedEventBus();
        this.presence = new TestPresenceRegistry(clock, TestPresenceRegistry.TTL);
        this.core = new HeraldCore(new HeraldCore.Ports(store, bus, channel, tasks, clock, new Telemetry() {
        }, verifier, new HeraldCore.Presence(this.presence, this.presence.ttl())), settings,
                TokenExpiry.defaults(), operations);
    }

    /** One instance with auth on, the given token expiry grace, reporting to {@code telemetry}. */
    public GatewayFixture(GatewaySettings settings, TokenVerifier verifier, TokenExpiry tokenExpiry, Telemetry telemetry) {
        this.store = new TestEventStore();
        this.bus = new ScriptedEventBus();
        this.presence = new TestPresenceRegistry(clock, TestPresenceRegistry.TTL);
        this.core = new HeraldCore(new HeraldCore.Ports(store, bus, channel, tasks, clock, telemetry,
                Optional.of(verifier), new HeraldCore.Presence(this.presence, this.presence.ttl())), settings, tokenExpiry);
    }

    public ClientId connect(String name) {
        ClientId id = ClientId.of(name);
        Admission admission = core.connectClient().connect(
                new ConnectCommand(id, Optional.empty(), "127.0.0.1", Credentials.none()));
        if (!admission.isAccepted()) {
            throw new AssertionError("connection rejected: " + admission.rejection());
        }
        return id;
    }

    public Admission connect(String name, String origin, String address, Credentials credentials) {
        return core.connectClient().connect(
                new ConnectCommand(ClientId.of(name), Optional.ofNullable(origin), address, credentials));
    }

    public void subscribe(ClientId client, String job, Long afterSeq) {
        core.subscribe().subscribe(new SubscribeCommand(client, JobId.of(job),
                afterSeq == null ? OptionalLong.empty() : OptionalLong.of(afterSeq), Optional.empty()));
    }

    public void subscribe(ClientId client, String job, Long afterSeq, String requestId) {
        core.subscribe().subscribe(new SubscribeCommand(client, JobId.of(job),
                afterSeq == null ? OptionalLong.empty() : OptionalLong.of(afterSeq),
                Optional.of(new RequestId(requestId))));
    }

    public PublishedEvent publish(String job, String type) {
        return publish(job, type, "{}");
    }

    public PublishedEvent publish(String job, String type, String payload) {
        return core.publishEvent().publish(
                new PublishEventCommand(JobId.of(job), EventType.of(type), payload, Credentials.none()));
    }

    /** Delivers every pending publication and runs every task, moving time on, until all is quiet. */
    public void settle() {
        for (int round = 0; round < 1_000; round++) {
            bus.deliverAll();
            tasks.runAll();
            if (bus.outboxSize() == 0 && !tasks.hasPending()) {
                return;
            }
            if (tasks.dueCount() == 0) {
                clock.advance(Duration.ofMillis(10));
            }
        }
        throw new AssertionError("the gateway did not settle");
    }
}
