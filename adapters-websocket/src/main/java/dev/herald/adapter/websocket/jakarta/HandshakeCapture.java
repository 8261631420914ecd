package dev.herald.adapter.websocket.jakarta;

import dev.herald.adapter.websocket.connection.Handshake;
import jakarta.websocket.HandshakeResponse;
import jakarta.websocket.server.HandshakeRequest;
import jakarta.websocket.server.ServerEndpointConfig;

/**
 * Copies what admission needs out of the upgrade request. Every handshake is accepted here: a
 * refusal at this point would be a bare HTTP 403, and the contract wants the client to read an
 * {@code error} frame and a close code, so admission happens once the socket is open.
 */
public class HandshakeCapture extends ServerEndpointConfig.Configurator {

    @Override
    public boolean checkOrigin(String originHeaderValue) {
        return true;
    }

    @Override
    public void modifyHandshake(ServerEndpointConfig config, HandshakeRequest request, HandshakeResponse response) {
        // per-connection copy: each session's user properties start from these
        config.getUserProperties().put(Handshake.KEY, Handshake.from(request.getHeaders(), request.getParameterMap()));
    }
}
