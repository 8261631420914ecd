package dev.herald.distribution.conformance;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

import static org.assertj.core.api.Assertions.fail;

/**
 * The gateway a conformance run talks to, through one transport, and the rule for its known
 * failures: a case on the list must fail (the container still does what the list says), and a
 * case off the list must pass.
 */
interface TransportUnderTest {

    /** A case's steps. */
    interface Steps {
        void run() throws Exception;
    }

    URI base();

    /** The gateway's inbound message limit ({@code herald.socket.max-frame-bytes}), in bytes. */
    int inboundLimit();

    /** {@code herald.socket.transport}. */
    String transport();

    /** Cases this transport is known to fail, by Autobahn number, with what it does instead. */
    Map<String, String> knownFailures();

    default Conversation open() throws IOException {
        return Conversation.open(base());
    }

    /** Runs case {@code caseId}: it must pass, or, when it is a known failure of this transport, fail. */
    default void check(String caseId, Steps steps) throws Exception {
        String known = knownFailures().get(caseId);
        if (known == null) {
            steps.run();
            return;
        }
        try {
            steps.run();
        } catch (AssertionError | IOException e) {
            return; // fails as documented
        }
        fail("case " + caseId + " now passes on " + transport() + " although it is listed as a known failure (\""
                + known + "\"): take it off the list in " + getClass().getSimpleName()
                + " and in docs/websocket-contract.md");
    }
}
