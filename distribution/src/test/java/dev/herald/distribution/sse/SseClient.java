package dev.herald.distribution.sse;

import jakarta.json.Json;
import jakarta.json.JsonObject;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * A plain HTTP client of one Server-Sent Events stream, parsed as the EventSource spec says: lines
 * {@code id:}, {@code event:}, {@code data:} up to a blank line make one message; {@code :} lines
 * are comments. No EventSource library: what the test sees is what is on the wire.
 */
final class SseClient implements AutoCloseable {

    record Message(String id, String event, String data, long receivedNanos) {
        JsonObject json() {
            return Json.createReader(new StringReader(data)).readObject();
        }
    }

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private final HttpResponse<InputStream> response;
    private final List<Message> messages = new ArrayList<>();
    private int comments;
    private long firstCommentNanos;
    private boolean ended;
    private final Thread reader;

    private SseClient(HttpResponse<InputStream> response) {
        this.response = response;
        this.reader = new Thread(this::read, "sse-test-reader");
        reader.setDaemon(true);
        if (response.statusCode() == 200) {
            reader.start(); // a refusal's body is read by body()
        }
    }

    /** Opens {@code uri}; {@code headers} are sent as given (Last-Event-ID, Origin, Authorization). */
    static SseClient open(URI uri, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).header("Accept", "text/event-stream").GET();
        headers.forEach(request::header);
        try {
            return new SseClient(HTTP.send(request.build(), HttpResponse.BodyHandlers.ofInputStream()));
        } catch (IOException e) {
            throw new IllegalStateException("stream request failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    int status() {
        return response.statusCode();
    }

    HttpHeaders headers() {
        return response.headers();
    }

    private void read() {
        try (BufferedReader lines = new BufferedReader(new InputStreamReader(response.body(), StandardCharsets.UTF_8))) {
            String id = null;
            String event = null;
            StringBuilder data = null;
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isEmpty()) {
                    if (data != null) {
                        add(new Message(id, event == null ? "message" : event, data.toString(), System.nanoTime()));
                    }
                    id = null;
                    event = null;
                    data = null;
                } else if (line.startsWith(":")) {
                    synchronized (this) {
                        if (comments++ == 0) {
                            firstCommentNanos = System.nanoTime();
                        }
                        notifyAll();
                    }
                } else if (line.startsWith("id: ")) {
                    id = line.substring(4);
                } else if (line.startsWith("event: ")) {
                    event = line.substring(7);
                } else if (line.startsWith("data: ")) {
                    data = data == null ? new StringBuilder(line.substring(6)) : data.append('\n').append(line.substring(6));
                }
            }
        } catch (IOException e) {
            // the stream was cut: ended below
        }
        synchronized (this) {
            ended = true;
            notifyAll();
        }
    }

    private synchronized void add(Message message) {
        messages.add(message);
        notifyAll();
    }

    synchronized List<Message> messages() {
        return List.copyOf(messages);
    }

    synchronized List<Message> messages(String event) {
        return messages.stream().filter(m -> m.event().equals(event)).toList();
    }

    /** The {@code seq} of every {@code event} message, in arrival order. */
    synchronized List<Long> seqs() {
        return messages.stream().filter(m -> m.event().equals("event")).map(m -> Long.parseLong(m.id())).toList();
    }

    /** When the first comment (heartbeat) arrived. */
    synchronized long firstCommentNanos() {
        return firstCommentNanos;
    }

    synchronized int comments() {
        return comments;
    }

    synchronized boolean ended() {
        return ended;
    }

    synchronized Message await(Predicate<Message> wanted, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (true) {
            for (Message m : messages) {
                if (wanted.test(m)) {
                    return m;
                }
            }
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended) {
                throw new AssertionError("no such message within " + timeout + (ended ? " (stream ended)" : "")
                        + "; got " + messages);
            }
            waitNanos(left);
        }
    }

    Message await(String event, Duration timeout) {
        return await(m -> m.event().equals(event), timeout);
    }

    Message awaitSeq(long seq, Duration timeout) {
        return await(m -> m.event().equals("event") && String.valueOf(seq).equals(m.id()), timeout);
    }

    synchronized void awaitComments(int count, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (comments < count) {
            long left = deadline - System.nanoTime();
            if (left <= 0 || ended) {
                throw new AssertionError(comments + " comment(s) within " + timeout + ", wanted " + count);
            }
            waitNanos(left);
        }
    }

    synchronized void awaitEnd(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!ended) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                throw new AssertionError("the stream did not end within " + timeout + "; got " + messages);
            }
            waitNanos(left);
        }
    }

    /** The body of a refused request (read whole: the server ends it). */
    String body() {
        try (InputStream in = response.body()) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return "";
        }
    }

    private void waitNanos(long nanos) {
        try {
            wait(Math.max(1, nanos / 1_000_000));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() {
        try {
            response.body().close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
