package dev.herald.application.service.clients;

import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.application.port.out.Telemetry;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.error.Rejection;
import dev.herald.domain.job.JobId;

import java.util.Optional;

/**
 * Tells a client no: counts the rejection, sends the {@code error} frame, and closes the
 * connection when the code says so. The one place that maps a rejection to what the client sees.
 */
public final class ClientReplies {

    private final ClientChannel channel;
    private final Telemetry telemetry;

    public ClientReplies(ClientChannel channel, Telemetry telemetry) {
        this.channel = channel;
        this.telemetry = telemetry;
    }

    public void reject(ClientId client, Rejection rejection, Optional<JobId> jobId, Optional<String> requestId) {
        telemetry.rejected(rejection.code());
        ServerMessage.Error error = new ServerMessage.Error(rejection.code(), rejection.message(), jobId, requestId);
        if (rejection.code().closesConnection()) {
            channel.close(client, error, rejection.code().closeCode().getAsInt());
        } else {
            channel.send(client, error);
        }
    }

    /**
     * Refuses one request and keeps the connection, whatever the code's own default: a refresh
     * with a bad token is {@code UNAUTHORIZED}, yet the connection goes on with its current token.
     */
    void refuse(ClientId client, Rejection rejection, Optional<String> requestId) {
        telemetry.rejected(rejection.code());
        channel.send(client, new ServerMessage.Error(rejection.code(), rejection.message(), Optional.empty(), requestId));
    }

    /** As {@link #refuse}, naming the job the refused request was about. */
    public void refuse(ClientId client, Rejection rejection, Optional<JobId> jobId, Optional<String> requestId) {
        telemetry.rejected(rejection.code());
        channel.send(client, new ServerMessage.Error(rejection.code(), rejection.message(), jobId, requestId));
    }

    /** Rejects and closes with {@code closeCode}, whatever the code's own default. */
    void rejectAndClose(ClientId client, Rejection rejection, int closeCode) {
        telemetry.rejected(rejection.code());
        channel.close(client, ServerMessage.Error.of(rejection.code(), rejection.message()), closeCode);
    }
}
