package dev.herald.adapter.websocket.rfc6455;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class PerMessageDeflateTest {

    private static Optional<PerMessageDeflate.Agreement> offer(String... headers) {
        return PerMessageDeflate.negotiate(List.of(headers));
    }

    @Test
    void aPlainOfferIsAcceptedWithoutServerContextTakeover() {
        assertThat(offer("permessage-deflate")).contains(
                new PerMessageDeflate.Agreement(false, "permessage-deflate; server_no_context_takeover"));
    }

    @Test
    void chromiumsOfferIsAcceptedAndItsWindowLeftToIt() {
        assertThat(offer("permessage-deflate; client_max_window_bits")).contains(
                new PerMessageDeflate.Agreement(false, "permessage-deflate; server_no_context_takeover"));
    }

    @Test
    void clientNoContextTakeoverIsHonouredAndEchoed() {
        assertThat(offer("permessage-deflate; client_no_context_takeover; client_max_window_bits=10")).contains(
                new PerMessageDeflate.Agreement(true, "permessage-deflate; server_no_context_takeover; client_no_context_takeover"));
    }

    @Test
    void aServerWindowOf15IsAcceptedByAnsweringWithIt() {
        assertThat(offer("permessage-deflate; server_no_context_takeover; server_max_window_bits=15"))
                .map(PerMessageDeflate.Agreement::response)
                .contains("permessage-deflate; server_no_context_takeover; server_max_window_bits=15");
    }

    @Test
    void aSmallerServerWindowIsDeclinedAndTheNextOfferTaken() {
        assertThat(offer("permessage-deflate; server_max_window_bits=8")).isEmpty();
        // Autobahn 13.7: three offers, the first limits the server's window
        assertThat(offer("permessage-deflate; server_no_context_takeover; server_max_window_bits=8, "
                + "permessage-deflate; server_no_context_takeover, permessage-deflate"))
                .contains(new PerMessageDeflate.Agreement(false, "permessage-deflate; server_no_context_takeover"));
    }

    @Test
    void invalidOffersAreDeclined() {
        assertThat(offer("permessage-deflate; client_max_window_bits=7")).isEmpty();
        assertThat(offer("permessage-deflate; client_max_window_bits=16")).isEmpty();
        assertThat(offer("permessage-deflate; server_max_window_bits")).isEmpty();
        assertThat(offer("permessage-deflate; client_no_context_takeover=1")).isEmpty();
        assertThat(offer("permessage-deflate; client_no_context_takeover; client_no_context_takeover")).isEmpty();
        assertThat(offer("permessage-deflate; mystery")).isEmpty();
        assertThat(offer("x-webkit-deflate-frame")).isEmpty();
        assertThat(offer()).isEmpty();
    }

    @Test
    void quotedValuesAndSeveralHeadersAreRead() {
        assertThat(offer("foo; bar=\"a,b\"", "PerMessage-Deflate; client_max_window_bits=\"12\""))
                .map(PerMessageDeflate.Agreement::response).contains("permessage-deflate; server_no_context_takeover");
    }
}
