package dev.herald.application.service.delivery;

import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.in.EventsPage;
import dev.herald.application.port.in.EventsPageQuery;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.testing.FakeTokenVerifier;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.domain.auth.Grant;
import dev.herald.domain.auth.Scope;
import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobId;
import dev.herald.domain.job.JobSnapshot;
import dev.herald.domain.job.JobStatus;
import dev.herald.domain.job.TerminalEventTypes;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ReadServicesTest {

    private static final JobId JOB = JobId.of("report-1");

    @Test
    void theSnapshotSummarizesTheJobAndItsStatusFromTheTerminalTypes() {
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults()
                .withTerminalEventTypes(TerminalEventTypes.of("report.done", "report.failed", "report.cancelled")));
        Instant start = gw.clock.instant();
        gw.store.append(JOB, EventType.of("report.started"), "{}", start);
        gw.store.append(JOB, EventType.of("report.progress"), "{}", start.plusSeconds(3));
        assertThat(gw.core.readJobSnapshot().snapshot(JOB, Credentials.none()).orElseThrow().status())
                .isEqualTo(JobStatus.ACTIVE);

        gw.store.append(JOB, EventType.of("report.failed"), "{}", start.plusSeconds(7));
        JobSnapshot snapshot = gw.core.readJobSnapshot().snapshot(JOB, Credentials.none()).orElseThrow();
        assertThat(snapshot).isEqualTo(new JobSnapshot(JOB, 3, 3, start, start.plusSeconds(7),
                EventType.of("report.failed"), JobStatus.FAILED));
        assertThat(gw.core.readJobSnapshot().snapshot(JobId.of("unknown"), Credentials.none())).isEmpty();
    }

    @Test
    void eventsArePagedWithNextAfterSeqAndHasMore() {
        GatewayFixture gw = new GatewayFixture();
        gw.store.appendMany(JOB, 5, gw.clock.instant());
        EventsPage first = gw.core.readEventsPage().page(new EventsPageQuery(JOB, 0, 2, Credentials.none()));
        assertThat(first.events()).extracting(e -> e.seq()).containsExactly(1L, 2L);
        assertThat(first.nextAfterSeq()).isEqualTo(2);
        assertThat(first.hasMore()).isTrue();
        EventsPage last = gw.core.readEventsPage().page(new EventsPageQuery(JOB, 3, 2, Credentials.none()));
        assertThat(last.events()).extracting(e -> e.seq()).containsExactly(4L, 5L);
        assertThat(last.hasMore()).isFalse();
        EventsPage beyond = gw.core.readEventsPage().page(new EventsPageQuery(JOB, 9, 2, Credentials.none()));
        assertThat(beyond.events()).isEmpty();
        assertThat(beyond.nextAfterSeq()).isEqualTo(9);
    }

    @Test
    void pageQueriesValidateTheirBounds() {
        assertBadRequest(() -> new EventsPageQuery(JOB, -1, 10, Credentials.none()));
        assertBadRequest(() -> new EventsPageQuery(JOB, 0, 0, Credentials.none()));
        assertBadRequest(() -> new EventsPageQuery(JOB, 0, 1001, Credentials.none()));
        assertThat(new EventsPageQuery(JOB, 0, 1000, Credentials.none()).limit()).isEqualTo(1000);
    }

    @Test
    void withAuthOnReadsNeedSubscribeOnTheJobAndMetricsNeedAdmin() {
        FakeTokenVerifier tokens = new FakeTokenVerifier()
                .grant("reader", new Grant(Set.of(Scope.SUBSCRIBE), false, Set.of(JOB), Optional.empty(), Optional.empty()))
                .grant("admin", new Grant(Set.of(Scope.ADMIN), true, Set.of(), Optional.empty(), Optional.empty()));
        GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults(), Optional.of(tokens));
        gw.store.appendMany(JOB, 1, gw.clock.instant());

        assertThat(gw.core.readJobSnapshot().snapshot(JOB, Credentials.bearer("reader"))).isPresent();
        assertCode(() -> gw.core.readJobSnapshot().snapshot(JOB, Credentials.none()), ErrorCode.UNAUTHORIZED);
        assertCode(() -> gw.core.readJobSnapshot().snapshot(JobId.of("other"), Credentials.bearer("reader")),
                ErrorCode.FORBIDDEN);
        assertCode(() -> gw.core.readEventsPage().page(new EventsPageQuery(JOB, 0, 5, Credentials.bearer("admin"))),
                ErrorCode.FORBIDDEN);
        assertThat(gw.core.readGatewayMetrics().metrics(Credentials.bearer("admin")).activeConnections()).isZero();
        assertCode(() -> gw.core.readGatewayMetrics().metrics(Credentials.bearer("reader")), ErrorCode.FORBIDDEN);
        assertCode(() -> gw.core.readGatewayMetrics().metrics(Credentials.none()), ErrorCode.UNAUTHORIZED);
    }

    @Test
    void metricsReportConnectionsSubscriptionsBusAndCounters() {
        GatewayFixture gw = new GatewayFixture();
        var a = gw.connect("a");
        var b = gw.connect("b");
        gw.subscribe(a, "j1", null);
        gw.subscribe(b, "j1", null);
        gw.subscribe(b, "j2", null);
        gw.settle();
        gw.publish("j1", "step");
        gw.settle();
        gw.bus.setAvailable(false);
        var metrics = gw.core.readGatewayMetrics().metrics(Credentials.none());
        assertThat(metrics.activeConnections()).isEqualTo(2);
        assertThat(metrics.totalSubscribers()).isEqualTo(3);
        assertThat(metrics.subscriptionsByJob()).containsEntry("j1", 2).containsEntry("j2", 1);
        assertThat(metrics.connectionsByOrigin()).containsEntry("none", 2);
        assertThat(metrics.eventBus().connected()).isFalse();
        assertThat(metrics.eventsPublished()).isEqualTo(1);
        assertThat(metrics.eventsDelivered()).isEqualTo(2);
        assertThat(metrics.lastCatchUp()).isPresent();
        assertThat(metrics.rejections()).isEmpty();
        assertThat(metrics.gapRepairs()).isZero();
        gw.clock.advance(Duration.ofSeconds(1));
    }

    @Test
    void readsDuringAStoreOutageAnswerStoreUnavailable() {
        GatewayFixture gw = new GatewayFixture();
        gw.store.setAvailable(false);
        assertCode(() -> gw.core.readJobSnapshot().snapshot(JOB, Credentials.none()), ErrorCode.STORE_UNAVAILABLE);
        assertCode(() -> gw.core.readEventsPage().page(new EventsPageQuery(JOB, 0, 5, Credentials.none())),
                ErrorCode.STORE_UNAVAILABLE);
    }

    private static void assertBadRequest(Runnable call) {
        assertCode(call, ErrorCode.BAD_REQUEST);
    }

    private static void assertCode(Runnable call, ErrorCode code) {
        assertThatThrownBy(call::run).isInstanceOfSatisfying(RejectedException.class, e -> assertThat(e.code()).isEqualTo(code));
    }
}
