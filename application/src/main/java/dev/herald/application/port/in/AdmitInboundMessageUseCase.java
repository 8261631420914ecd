package dev.herald.application.port.in;

import dev.herald.domain.client.ClientId;

/**
 * Every inbound frame passes here before it is parsed: it counts as activity, and the size and
 * rate limits decide whether it is handled. When they say no, the client has already been told.
 */
public interface AdmitInboundMessageUseCase {

    /** @return true when the frame may be handled */
    boolean admit(ClientId client, long frameBytes);
}
