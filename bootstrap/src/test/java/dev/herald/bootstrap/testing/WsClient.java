package dev.herald.bootstrap.testing;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;

/**
 * A real WebSocket client (the JDK's) for end-to-end tests: it records every frame it reads and
 * how the connection closed. It can ping on its own (so the idle timeout leaves it alone), claim a
 * client address through {@code X-Forwarded-For}, and stop reading (a slow consumer).
 */
public final class WsClient implements AutoCloseable {

    private static final AtomicInteger COUNTER = new AtomicInteger();
    private static final ScheduledExecutorService PINGER = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "ws-client-pinger");
        t.setDaemon(true);
        return t;
    });

    private final List<JsonObject> messages = new ArrayList<>();
    private final Map<String, Long> eventReceiptNanos = new ConcurrentHashMap<>();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private final StringBuilder partial = new StringBuilder();
    private volatile boolean reading = true;
    private volatile WebSocket socket;
    private volatile java.util.concurrent.ScheduledFuture<?> pinging;

    private WsClient() {
    }

    public static Builder to(URI websocketUri) {
        return new Builder(websocketUri);
    }

    public static final class Builder {
        private final URI uri;
        private String origin;
        private String address;
        private String token;
        private String bearer;
        private boolean autoPing = true;
        private boolean reading = true;

        private Builder(URI uri) {
            this.uri = uri;
            int n = COUNTER.incrementAndGet();
            // each client its own origin and address, so per-origin and per-address caps stay out of the way
            this.origin = "http://client-" + n + ".test";
            this.address = "10.0." + (n / 250) + "." + (n % 250 + 1);
        }

        public Builder origin(String origin) {
            this.origin = origin;
            return this;
        }

        public Builder address(String address) {
            this.address = address;
            return this;
        }

        public Builder token(String token) {
            this.token = token;
            return this;
        }

        public Builder bearer(String token) {
            this.bearer = token;
            return this;
        }

        public Builder noAutoPing() {
            this.autoPing = false;
            return this;
        }

        /** Reads the first frame only, then stops reading until {@link WsClient#resumeReading()}. */
        public Builder notReading() {
            this.reading = false;
            return this;
        }

        public WsClient connect() {
            WsClient client = new WsClient();
            client.reading = reading;
            URI target = token == null ? uri : URI.create(uri + "?token=" + token);
            WebSocket.Builder builder = HttpClient.newHttpClient().newWebSocketBuilder()
                    .connectTimeout(Duration.ofSeconds(10));
            if (origin != null) {
                builder.header("Origin", origin);
            }
            if (address != null) {
                builder.header("X-Forwarded-For", address);
            }
            if (bearer != null) {
                builder.header("Authorization", "Bearer " + bearer);
            }
            client.socket = builder.buildAsync(target, client.listener()).join();
            if (autoPing) {
                client.pinging = PINGER.scheduleAtFixedRate(() -> client.sendQuietly("{\"type\":\"ping\",\"id\":\"auto\"}"),
                        400, 400, TimeUnit.MILLISECONDS);
            }
            return client;
        }
    }

    private WebSocket.Listener listener() {
        return new WebSocket.Listener() {
            @Override
            public void onOpen(WebSocket webSocket) {
                webSocket.request(1);
            }

            @Override
            public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
                partial.append(data);
                if (last) {
                    long receivedAt = System.nanoTime();
                    JsonObject message = Json.createReader(new StringReader(partial.toString())).readObject();
                    partial.setLength(0);
                    if ("event".equals(message.getString("type", null))) {
                        eventReceiptNanos.putIfAbsent(message.getString("jobId") + "#" + message.getJsonNumber("seq"), receivedAt);
                    }
                    synchronized (messages) {
                        messages.add(message);
                        messages.notifyAll();
                    }
                }
                if (reading) {
                    webSocket.request(1);
                }
                return null;
            }

            @Override
            public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
                stopPinging();
                closed.complete(statusCode);
                synchronized (messages) {
                    messages.notifyAll();
                }
                return null;
            }

            @Override
            public void onError(WebSocket webSocket, Throwable error) {
                stopPinging();
                closed.complete(1006);
                synchronized (messages) {
                    messages.notifyAll();
                }
            }
        };
    }

    public void send(String text) {
        socket.sendText(text, true).join();
    }

    private void sendQuietly(String text) {
        try {
            if (!closed.isDone()) {
                socket.sendText(text, true).get(2, TimeUnit.SECONDS);
            }
        } catch (Exception e) {
            // the connection is going away; the test looks at how it closed
        }
    }

    public void sendBinary(byte[] data) {
        socket.sendBinary(ByteBuffer.wrap(data), true).join();
    }

    public void subscribe(String jobId, Long afterSeq, String id) {
        send("{\"type\":\"subscribe\",\"jobId\":\"" + jobId + "\""
                + (afterSeq == null ? "" : ",\"afterSeq\":" + afterSeq) + (id == null ? "" : ",\"id\":\"" + id + "\"") + "}");
    }

    public void ping(String id) {
        send("{\"type\":\"ping\",\"id\":\"" + id + "\"}");
    }

    /** A client publish; {@code payloadJson} is sent as is (any JSON value). */
    public void publish(String jobId, String eventType, String payloadJson, String id) {
        send("{\"type\":\"publish\",\"jobId\":\"" + jobId + "\",\"eventType\":\"" + eventType + "\",\"payload\":"
                + payloadJson + (id == null ? "" : ",\"id\":\"" + id + "\"") + "}");
    }

    /** Asks the gateway to go on with {@code token} on this connection. */
    public void refresh(String token, String id) {
        send("{\"type\":\"refresh\",\"token\":\"" + token + "\"" + (id == null ? "" : ",\"id\":\"" + id + "\"") + "}");
    }

    public void unsubscribe(String jobId, String id) {
        send("{\"type\":\"unsubscribe\",\"jobId\":\"" + jobId + "\"" + (id == null ? "" : ",\"id\":\"" + id + "\"") + "}");
    }

    /** Frames read so far, auto-ping replies left out. */
    public List<JsonObject> messages() {
        synchronized (messages) {
            return messages.stream().filter(m -> !"auto".equals(m.getString("id", null))).toList();
        }
    }

    public List<JsonObject> messages(String type) {
        return messages().stream().filter(m -> type.equals(m.getString("type"))).toList();
    }

    /** When (System.nanoTime) the frame of this event arrived, or null if it has not. */
    public Long receivedAtNanos(String jobId, long seq) {
        return eventReceiptNanos.get(jobId + "#" + seq);
    }

    public List<Long> eventSeqs(String jobId) {
        return messages("event").stream().filter(m -> jobId.equals(m.getString("jobId")))
                .map(m -> m.getJsonNumber("seq").longValue()).toList();
    }

    /** Waits for a frame matching {@code condition} and returns the first such frame. */
    public JsonObject await(String what, Predicate<JsonObject> condition, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (messages) {
            while (true) {
                Optional<JsonObject> found = messages().stream().filter(condition).findFirst();
                if (found.isPresent()) {
                    return found.get();
                }
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new AssertionError("Timed out waiting for " + what + "; received " + messages()
                            + (closed.isDone() ? " and closed with " + closed.join() : ""));
                }
                try {
                    messages.wait(Math.max(1, left / 1_000_000));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new AssertionError(e);
                }
            }
        }
    }

    public JsonObject await(String type, Duration timeout) {
        return await("a \"" + type + "\" frame", m -> type.equals(m.getString("type")), timeout);
    }

    public JsonObject awaitError(String code, Duration timeout) {
        return await("error " + code, m -> "error".equals(m.getString("type")) && code.equals(m.getString("code")), timeout);
    }

    /** Waits until the job's events up to {@code seq} have arrived. */
    public void awaitSeq(String jobId, long seq, Duration timeout) {
        await("event " + jobId + "#" + seq, m -> "event".equals(m.getString("type")) && jobId.equals(m.getString("jobId"))
                && m.getJsonNumber("seq").longValue() >= seq, timeout);
    }

    public OptionalInt awaitClose(Duration timeout) {
        try {
            return OptionalInt.of(closed.get(timeout.toMillis(), TimeUnit.MILLISECONDS));
        } catch (TimeoutException e) {
            return OptionalInt.empty();
        } catch (InterruptedException | ExecutionException e) {
            throw new AssertionError(e);
        }
    }

    public boolean isClosed() {
        return closed.isDone();
    }

    public void resumeReading() {
        reading = true;
        socket.request(Long.MAX_VALUE);
    }

    private void stopPinging() {
        if (pinging != null) {
            pinging.cancel(false);
        }
    }

    @Override
    public void close() {
        stopPinging();
        if (!closed.isDone()) {
            try {
                socket.sendClose(WebSocket.NORMAL_CLOSURE, "bye").get(2, TimeUnit.SECONDS);
            } catch (Exception e) {
                // already closing
            }
            socket.abort();
        }
    }
}
