package dev.herald.application.port.in;

/** The gateway's state for operators ({@code /api/realtime/metrics}); needs {@code admin} when auth is on. */
public interface ReadGatewayMetricsUseCase {

    GatewayMetrics metrics(Credentials credentials);
}
