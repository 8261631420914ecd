package dev.herald.loadtest.client;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Deque;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Publishes events over plain HTTP/1.1 (http:// only), far cheaper than the JDK client: each request
 * runs on a worker thread with a keep-alive connection of its own, taken from a pool. Workers and
 * connections are created when a request finds none free, so both number the requests in flight
 * (the publisher's concurrency) and no more.
 *
 * <p>A POST is not idempotent: a request is sent again only when its first write failed before a
 * byte of it left, on a connection the server had dropped while it was idle. Any other failure is
 * reported, as the JDK client does, never retried here: without an {@code Idempotency-Key} a retry
 * could publish the event twice (the {@link PublishRetry} above retries keyed requests).
 */
final class RawHttpPublisher implements AutoCloseable {

    /** Idle longer than this, a connection is dropped rather than raced against the server's own
     *  idle timeout (Liberty's persistTimeout is 30 s). */
    private static final long MAX_IDLE_NANOS = TimeUnit.SECONDS.toNanos(15);

    private final URI apiUrl;
    private final String token;
    private final String host;
    private final long timeoutNanos;
    private final ExecutorService workers;
    private final Deque<RawHttpConnection> idle = new ConcurrentLinkedDeque<>();
    private volatile boolean closed;

    RawHttpPublisher(URI apiUrl, String token, java.time.Duration timeout) {
        if (!"http".equals(apiUrl.getScheme())) {
            throw new IllegalArgumentException("the raw publisher speaks http:// only, got " + apiUrl);
        }
        this.apiUrl = apiUrl;
        this.token = token;
        this.host = apiUrl.getHost() + (apiUrl.getPort() == -1 ? "" : ":" + apiUrl.getPort());
        this.timeoutNanos = timeout.toNanos();
        AtomicInteger threads = new AtomicInteger();
        this.workers = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "http-publish-" + threads.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /**
     * POSTs a JSON body to {@code path}, with an {@code Idempotency-Key} header unless the key is null;
     * never fails, a failure is a {@code Published} with status 0.
     */
    CompletableFuture<GatewayHttp.Published> post(String path, String jsonBody, String idempotencyKey) {
        byte[] request = request(path, jsonBody, idempotencyKey);
        CompletableFuture<GatewayHttp.Published> reply = new CompletableFuture<>();
        try {
            workers.execute(() -> reply.complete(exchange(request)));
        } catch (RejectedExecutionException e) {
            reply.complete(GatewayHttp.failed(new IOException("publisher closed")));
        }
        return reply;
    }

    private byte[] request(String path, String jsonBody, String idempotencyKey) {
        byte[] body = jsonBody.getBytes(StandardCharsets.UTF_8);
        StringBuilder head = new StringBuilder(256)
                .append("POST ").append(apiUrl.getRawPath() == null ? "" : apiUrl.getRawPath()).append(path).append(" HTTP/1.1\r\n")
                .append("Host: ").append(host).append("\r\n")
                .append("Content-Type: application/json\r\n")
                .append("Content-Length: ").append(body.length).append("\r\n");
        if (token != null) {
            head.append("Authorization: Bearer ").append(token).append("\r\n");
        }
        if (idempotencyKey != null) {
            head.append("Idempotency-Key: ").append(idempotencyKey).append("\r\n");
        }
        byte[] headBytes = head.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
        byte[] request = new byte[headBytes.length + body.length];
        System.arraycopy(headBytes, 0, request, 0, headBytes.length);
        System.arraycopy(body, 0, request, headBytes.length, body.length);
        return request;
    }

    private GatewayHttp.Published exchange(byte[] request) {
        long deadline = System.nanoTime() + timeoutNanos;
        RawHttpConnection connection = null;
        try {
            connection = take(deadline);
            ByteBuffer out = ByteBuffer.wrap(request);
            try {
                connection.write(out);
            } catch (IOException e) {
                connection.close();
                if (!connection.reused() || out.position() > 0) {
                    throw e;
                }
                connection = RawHttpConnection.open(address(), deadline); // nothing left: the one safe retry
                out = ByteBuffer.wrap(request);
                connection.write(out);
            }
            HttpResponseReader.Response response = connection.read(deadline);
            if (response.keepAlive()) {
                idle.offerFirst(connection); // most recently used first: the others may idle out
                if (closed) {
                    closeIdle();
                }
            } else {
                connection.close();
            }
            return GatewayHttp.published(response.status(), response.body(), response.replayed());
        } catch (IOException | RuntimeException e) {
            if (connection != null) {
                connection.close();
            }
            return GatewayHttp.failed(e);
        }
    }

    /** A pooled connection the server has not dropped meanwhile, or a new one. */
    private RawHttpConnection take(long deadline) throws IOException {
        RawHttpConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            if (connection.idleNanos() < MAX_IDLE_NANOS && !connection.closedByPeer()) {
                return connection;
            }
            connection.close();
        }
        return RawHttpConnection.open(address(), deadline);
    }

    private InetSocketAddress address() {
        return new InetSocketAddress(apiUrl.getHost(), apiUrl.getPort() == -1 ? 80 : apiUrl.getPort());
    }

    /** Lets requests under way finish; closes the pooled connections. */
    @Override
    public void close() {
        closed = true;
        workers.shutdown();
        closeIdle();
    }

    private void closeIdle() {
        RawHttpConnection connection;
        while ((connection = idle.pollFirst()) != null) {
            connection.close();
        }
    }
}
