package dev.herald.adapter.websocket;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpSession;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;

class RealtimeHandshakeFilterTest {

    private final AtomicBoolean invalidated = new AtomicBoolean();
    private final AtomicReference<HttpSession> session = new AtomicReference<>();

    @Test
    void theHandshakeSeesTheSocketAddressInsteadOfWhatTheClientSent() throws Exception {
        AtomicReference<ServletRequest> seen = new AtomicReference<>();

        new RealtimeHandshakeFilter().doFilter(request("203.0.113.7", "10.0.0.1"), null, chainThat(seen::set));

        HttpServletRequest handshake = (HttpServletRequest) seen.get();
        assertThat(handshake.getHeader("x-herald-remote-addr")).isEqualTo("203.0.113.7");
        assertThat(Collections.list(handshake.getHeaders(RealtimeHandshakeFilter.HEADER))).containsExactly("203.0.113.7");
        assertThat(Collections.list(handshake.getHeaderNames()))
                .containsOnlyOnce(RealtimeHandshakeFilter.HEADER).contains("Origin");
    }

    /** Else every connection would leave a session behind for the session timeout (30 min by default). */
    @Test
    void theSessionTheContainerOpenedForTheUpgradeIsInvalidatedAfterTheHandshake() throws Exception {
        List<Boolean> invalidatedDuringHandshake = new ArrayList<>();

        new RealtimeHandshakeFilter().doFilter(request("203.0.113.7", null), null, chainThat(request -> {
            session.set(session());
            invalidatedDuringHandshake.add(invalidated.get());
        }));

        assertThat(invalidatedDuringHandshake).containsExactly(false);
        assertThat(invalidated).isTrue();
    }

    @Test
    void noSessionIsCreatedWhenTheHandshakeOpenedNone() throws Exception {
        new RealtimeHandshakeFilter().doFilter(request("203.0.113.7", null), null, chainThat(request -> { }));

        assertThat(session.get()).isNull();
        assertThat(invalidated).isFalse();
    }

    private static FilterChain chainThat(java.util.function.Consumer<ServletRequest> handshake) {
        return (request, response) -> handshake.accept(request);
    }

    private HttpServletRequest request(String remoteAddress, String spoofedHeader) {
        return (HttpServletRequest) Proxy.newProxyInstance(getClass().getClassLoader(),
                new Class<?>[] {HttpServletRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "getRemoteAddr" -> remoteAddress;
                    case "getHeader" -> RealtimeHandshakeFilter.HEADER.equalsIgnoreCase((String) args[0]) ? spoofedHeader
                            : "Origin".equalsIgnoreCase((String) args[0]) ? "https://app.example" : null;
                    case "getHeaders" -> Collections.enumeration(
                            RealtimeHandshakeFilter.HEADER.equalsIgnoreCase((String) args[0]) && spoofedHeader != null
                                    ? List.of(spoofedHeader) : List.of());
                    case "getHeaderNames" -> Collections.enumeration(spoofedHeader == null ? List.of("Origin")
                            : List.of("Origin", RealtimeHandshakeFilter.HEADER));
                    case "getSession" -> args != null && Boolean.FALSE.equals(args[0]) ? session.get() : session();
                    case "hashCode" -> System.identityHashCode(proxy);
                    case "equals" -> proxy == args[0];
                    default -> null;
                });
    }

    private HttpSession session() {
        return (HttpSession) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[] {HttpSession.class},
                (proxy, method, args) -> {
                    if (method.getName().equals("invalidate")) {
                        invalidated.set(true);
                    }
                    return method.getName().equals("hashCode") ? System.identityHashCode(proxy) : null;
                });
    }
}
