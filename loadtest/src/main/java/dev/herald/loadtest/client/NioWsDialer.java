package dev.herald.loadtest.client;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/**
 * Opens connections with the lean client: {@code threads} event loops, each with its selector and its
 * connections, assigned round-robin. ws:// only (no TLS).
 */
final class NioWsDialer implements WsDialer {

    private final Target target;
    private final long connectTimeoutMillis;
    private final NioEventLoop[] loops;
    private final boolean compression;

    NioWsDialer(Target target, int threads, Duration connectTimeout, boolean compression) {
        this.compression = compression;
        if (!"ws".equals(target.wsUrl().getScheme())) {
            throw new IllegalArgumentException("the NIO client speaks ws:// only, got " + target.wsUrl());
        }
        this.target = target;
        this.connectTimeoutMillis = connectTimeout.toMillis();
        this.loops = new NioEventLoop[Math.max(1, threads)];
        for (int i = 0; i < loops.length; i++) {
            loops[i] = new NioEventLoop("ws-loop-" + (i + 1));
        }
    }

    @Override
    public CompletableFuture<Void> open(Connection connection, String origin) {
        URI url = target.wsUrl();
        InetSocketAddress address = new InetSocketAddress(url.getHost(), url.getPort() == -1 ? 80 : url.getPort());
        if (address.isUnresolved()) {
            return CompletableFuture.failedFuture(new UnknownHostException(url.getHost()));
        }
        WsHandshake handshake = new WsHandshake(compression);
        NioWebSocket socket = new NioWebSocket(connection, loops[Math.floorMod(connection.index(), loops.length)], address, handshake);
        return socket.open(handshake.request(url, origin, target.token().orElse(null)), connectTimeoutMillis);
    }

    @Override
    public void close() {
        for (NioEventLoop loop : loops) {
            loop.close();
        }
    }
}
