package dev.herald.bootstrap;

import dev.herald.adapter.rest.sse.SseClientChannel;
import dev.herald.adapter.websocket.connection.WebSocketClientChannel;
import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.client.ClientId;

/**
 * The one client channel the application sees, over the two transports a client can use: each
 * message goes to the Server-Sent Events channel when that client is a stream, else to the
 * WebSocket channel. Both drop messages for a client they do not carry.
 */
final class ClientChannelsByTransport implements ClientChannel {

    private final WebSocketClientChannel sockets;
    private final SseClientChannel streams;

    ClientChannelsByTransport(WebSocketClientChannel sockets, SseClientChannel streams) {
        this.sockets = sockets;
        this.streams = streams;
    }

    private ClientChannel of(ClientId client) {
        return streams.holds(client) ? streams : sockets;
    }

    @Override
    public void send(ClientId client, ServerMessage message) {
        of(client).send(client, message);
    }

    @Override
    public void close(ClientId client, ServerMessage.Error finalError, int closeCode) {
        of(client).close(client, finalError, closeCode);
    }

    @Override
    public boolean hasRoom(ClientId client) {
        return of(client).hasRoom(client);
    }
}
