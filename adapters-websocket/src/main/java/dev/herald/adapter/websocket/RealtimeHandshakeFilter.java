package dev.herald.adapter.websocket;

import dev.herald.adapter.websocket.connection.Handshake;
import dev.herald.adapter.websocket.jakarta.RealtimeEndpoint;
import dev.herald.adapter.websocket.upgrade.ServletUpgrade;
import jakarta.inject.Inject;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.annotation.WebFilter;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpSession;

import java.io.IOException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Enumeration;
import java.util.List;

/**
 * Every {@code /realtime} handshake passes through this filter. With the {@code servlet-upgrade}
 * transport it upgrades the request itself ({@link ServletUpgrade}) and the Jakarta endpoint never
 * sees it. With {@code jakarta-websocket} it hands the client's address, which the WebSocket API
 * does not expose, on as a request header the handshake can read; whatever value a client sent in
 * that header itself is replaced.
 */
@WebFilter(urlPatterns = RealtimeEndpoint.PATH, asyncSupported = true)
public class RealtimeHandshakeFilter implements Filter {

    static final String HEADER = Handshake.REMOTE_ADDRESS_HEADER;

    @Inject
    RealtimeTransport transport;
    @Inject
    ServletUpgrade servletUpgrade;

    @Override
    public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
            throws IOException, ServletException {
        HttpServletRequest http = (HttpServletRequest) request;
        if (transport == RealtimeTransport.SERVLET_UPGRADE) {
            servletUpgrade.upgrade(http, (HttpServletResponse) response);
            return;
        }
        String address = request.getRemoteAddr();
        chain.doFilter(new HttpServletRequestWrapper(http) {
            @Override
            public String getHeader(String name) {
                return HEADER.equalsIgnoreCase(name) ? address : super.getHeader(name);
            }

            @Override
            public Enumeration<String> getHeaders(String name) {
                return HEADER.equalsIgnoreCase(name) ? Collections.enumeration(List.of(address)) : super.getHeaders(name);
            }

            @Override
            public Enumeration<String> getHeaderNames() {
                List<String> names = new ArrayList<>();
                for (String name : Collections.list(super.getHeaderNames())) {
                    if (!HEADER.equalsIgnoreCase(name)) {
                        names.add(name);
                    }
                }
                names.add(HEADER);
                return Collections.enumeration(names);
            }
        }, response);
        // the container opens an HTTP session for every upgrade, which would outlive the socket by
        // the session timeout; Herald keeps no state in it, so it goes as soon as the handshake is done
        HttpSession session = http.getSession(false);
        if (session != null) {
            session.invalidate();
        }
    }
}
