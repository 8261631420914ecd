package dev.herald.application.service.clients;

import dev.herald.application.port.in.ConnectCommand;
import dev.herald.application.port.in.Credentials;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.service.settings.GatewaySettings;
import dev.herald.application.testing.GatewayFixture;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.client.IdleTimeout;
import dev.herald.domain.client.InboundRateLimit;
import dev.herald.domain.client.InboundSizeLimit;
import dev.herald.domain.error.ErrorCode;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class AdmitInboundMessageServiceTest {

    private final GatewayFixture gw = new GatewayFixture(GatewaySettings.defaults()
            .withInboundLimits(new InboundSizeLimit(100), new InboundRateLimit(3, 0, Duration.ofSeconds(10)))
            .withIdleTimeout(IdleTimeout.ofMillis(2_000)));
    private final ClientId client = gw.connect("c1");

    @Test
    void aFrameOverTheSizeLimitIsRefusedWithMessageTooLargeAndClose1009() {
        assertThat(gw.core.admitInboundMessage().admit(client, 100)).isTrue();
        assertThat(gw.core.admitInboundMessage().admit(client, 101)).isFalse();
        assertThat(gw.channel.errors(client)).extracting(ServerMessage.Error::code).containsExactly(ErrorCode.MESSAGE_TOO_LARGE);
        assertThat(gw.channel.closeCode(client)).hasValue(1009);
    }

    @Test
    void aFloodIsWarnedOnceThenDroppedThenCutOffWith4429() {
        for (int i = 0; i < 3; i++) {
            assertThat(gw.core.admitInboundMessage().admit(client, 10)).isTrue();
        }
        assertThat(gw.core.admitInboundMessage().admit(client, 10)).isFalse(); // warned
        assertThat(gw.channel.errors(client)).extracting(ServerMessage.Error::code).containsExactly(ErrorCode.RATE_LIMITED);
        assertThat(gw.channel.closeCode(client)).isEmpty();
        assertThat(gw.core.admitInboundMessage().admit(client, 10)).isFalse(); // dropped, no second reply
        assertThat(gw.core.admitInboundMessage().admit(client, 10)).isFalse();
        assertThat(gw.channel.errors(client)).hasSize(1);
        assertThat(gw.core.admitInboundMessage().admit(client, 10)).isFalse(); // 7th: over twice the limit
        assertThat(gw.channel.closeCode(client)).hasValue(4429);
        assertThat(gw.core.statistics().rejections(ErrorCode.RATE_LIMITED)).isEqualTo(4);
    }

    @Test
    void aClientThatSlowsDownAfterItsWarningIsForgiven() {
        for (int i = 0; i < 4; i++) {
            gw.core.admitInboundMessage().admit(client, 10);
        }
        gw.clock.advance(Duration.ofSeconds(25)); // a quiet window
        for (int i = 0; i < 3; i++) {
            assertThat(gw.core.admitInboundMessage().admit(client, 10)).isTrue();
        }
        assertThat(gw.channel.closeCode(client)).isEmpty();
    }

    @Test
    void idleClientsAreEvictedWithIdleTimeoutAndClose4408AndActivityKeepsThemIn() {
        ClientId chatty = gw.connect("chatty");
        gw.clock.advance(Duration.ofMillis(1_500));
        gw.core.admitInboundMessage().admit(chatty, 10);
        gw.clock.advance(Duration.ofMillis(500));

        assertThat(gw.core.evictIdleClients().evictIdle()).isEqualTo(1);
        assertThat(gw.channel.errors(client)).containsExactly(ServerMessage.Error.of(ErrorCode.IDLE_TIMEOUT,
                "Disconnected due to inactivity."));
        assertThat(gw.channel.closeCode(client)).hasValue(4408);
        assertThat(gw.channel.closeCode(chatty)).isEmpty();
        assertThat(gw.core.readGatewayMetrics().metrics(dev.herald.application.port.in.Credentials.none())
                .activeConnections()).isEqualTo(1);
        assertThat(gw.core.admitInboundMessage().admit(client, 10)).isFalse(); // gone
    }

    @Test
    void aReceiveOnlyStreamIsNeverEvictedForIdleness() {
        ClientId stream = ClientId.of("sse");
        assertThat(gw.core.connectClient().connect(new ConnectCommand(stream, Optional.empty(), "127.0.0.1",
                Credentials.none(), true)).isAccepted()).isTrue();
        gw.clock.advance(Duration.ofMinutes(10));

        assertThat(gw.core.evictIdleClients().evictIdle()).isEqualTo(1); // the socket client only
        assertThat(gw.channel.closeCode(stream)).isEmpty();
        assertThat(gw.channel.closeCode(client)).hasValue(4408);
    }

    @Test
    void aZeroIdleTimeoutNeverEvicts() {
        GatewayFixture unlimited = new GatewayFixture(GatewaySettings.defaults().withIdleTimeout(IdleTimeout.ofMillis(0)));
        unlimited.connect("c");
        unlimited.clock.advance(Duration.ofDays(3));
        assertThat(unlimited.core.evictIdleClients().evictIdle()).isZero();
    }

    @Test
    void rejectRequestRepliesWithTheCodeAndClosesOnlyWhenTheCodeSaysSo() {
        gw.core.rejectRequest().reject(client, dev.herald.domain.error.Rejection.of(ErrorCode.BAD_REQUEST, "Unknown type"),
                java.util.Optional.empty(), java.util.Optional.of(new dev.herald.application.port.in.RequestId("q1")));
        assertThat(gw.channel.errors(client)).containsExactly(new ServerMessage.Error(ErrorCode.BAD_REQUEST, "Unknown type",
                java.util.Optional.empty(), java.util.Optional.of("q1")));
        assertThat(gw.channel.closeCode(client)).isEmpty();

        gw.core.rejectRequest().reject(client, dev.herald.domain.error.Rejection.of(ErrorCode.SLOW_CONSUMER, "slow"),
                java.util.Optional.empty(), java.util.Optional.empty());
        assertThat(gw.channel.closeCode(client)).hasValue(4409);
    }

    @Test
    void pingIsAnsweredWithPongEchoingTheId() {
        gw.core.ping().ping(client, java.util.Optional.of(new dev.herald.application.port.in.RequestId("p")));
        assertThat(gw.channel.messages(client)).containsExactly(new ServerMessage.Pong(java.util.Optional.of("p")));
    }
}
