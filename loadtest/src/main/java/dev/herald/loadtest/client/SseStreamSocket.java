package dev.herald.loadtest.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One Server-Sent Events stream, shaped as the transport of a {@link Connection}: {@code subscribe}
 * opens it (plain HTTP/1.1 on its own socket, read by its own thread: enough for the small runs the
 * SSE figures come from), {@code ping} is dropped (a stream has no inbound side), a close closes the
 * socket. Each {@code data:} goes to the connection as a frame; {@code event: error} becomes an
 * {@code error} frame; a refusal before the stream (an HTTP status) becomes the same {@code error}
 * frame, then a close.
 */
final class SseStreamSocket implements WsSocket {

    private static final Pattern JOB = Pattern.compile("\"jobId\"\\s*:\\s*\"([^\"]+)\"");
    private static final Pattern AFTER = Pattern.compile("\"afterSeq\"\\s*:\\s*(\\d+)");

    private final Target target;
    private final String origin;
    private final Duration connectTimeout;
    private final Connection connection;
    private volatile Socket socket;
    private volatile boolean closing;

    SseStreamSocket(Target target, String origin, Duration connectTimeout, Connection connection) {
        this.target = target;
        this.origin = origin;
        this.connectTimeout = connectTimeout;
        this.connection = connection;
    }

    @Override
    public CompletableFuture<?> sendText(String text) {
        if (!text.contains("\"subscribe\"")) {
            return CompletableFuture.completedFuture(null); // ping and the like: a stream has nothing to send
        }
        Matcher job = JOB.matcher(text);
        if (!job.find() || socket != null) {
            return CompletableFuture.failedFuture(new IllegalStateException("one stream per connection: " + text));
        }
        Matcher after = AFTER.matcher(text);
        String path = "/api/jobs/" + URLEncoder.encode(job.group(1), StandardCharsets.UTF_8) + "/stream"
                + (after.find() ? "?afterSeq=" + after.group(1) : "");
        Thread reader = new Thread(() -> follow(path), "sse-stream-" + connection.index());
        reader.setDaemon(true);
        reader.start();
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public CompletableFuture<?> sendClose(int code, String reason) {
        closing = true;
        abort();
        connection.closedByServer(code, reason);
        return CompletableFuture.completedFuture(null);
    }

    @Override
    public void abort() {
        closing = true;
        Socket s = socket;
        if (s != null) {
            try {
                s.close();
            } catch (IOException e) {
                // closing anyway
            }
        }
    }

    private void follow(String path) {
        URI api = target.apiUrl();
        int port = api.getPort() > 0 ? api.getPort() : 80;
        try (Socket s = new Socket()) {
            socket = s;
            s.setTcpNoDelay(true);
            s.connect(new InetSocketAddress(api.getHost(), port), (int) connectTimeout.toMillis());
            if (closing) {
                return;
            }
            StringBuilder request = new StringBuilder("GET ").append(path).append(" HTTP/1.1\r\nHost: ")
                    .append(api.getHost()).append(':').append(port).append("\r\nAccept: text/event-stream\r\n");
            if (origin != null) {
                request.append("Origin: ").append(origin).append("\r\n");
            }
            target.token().ifPresent(token -> request.append("Authorization: Bearer ").append(token).append("\r\n"));
            OutputStream out = s.getOutputStream();
            out.write(request.append("\r\n").toString().getBytes(StandardCharsets.US_ASCII));
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream(), 16 * 1024);
            String status = line(in);
            boolean chunked = false;
            int contentLength = -1;
            for (String header; !(header = line(in)).isEmpty(); ) {
                if (header.regionMatches(true, 0, "transfer-encoding:", 0, 18) && header.toLowerCase().contains("chunked")) {
                    chunked = true;
                } else if (header.regionMatches(true, 0, "content-length:", 0, 15)) {
                    contentLength = Integer.parseInt(header.substring(15).trim());
                }
            }
            InputStream body = chunked ? new Dechunked(in) : in;
            if (!status.contains(" 200 ")) {
                // a keep-alive refusal says its length: reading to the end would wait for the server's idle timeout
                int length = contentLength >= 0 ? Math.min(contentLength, 64 * 1024) : 64 * 1024;
                String json = new String(body.readNBytes(length), StandardCharsets.UTF_8).trim();
                connection.received(json.startsWith("{") ? "{\"type\":\"error\"," + json.substring(1) : "{\"type\":\"error\"}",
                        System.nanoTime());
                connection.failed(status);
                return;
            }
            readEvents(body);
            connection.failed("stream ended");
        } catch (IOException e) {
            if (!closing) {
                connection.failed(e.toString());
            }
        }
    }

    private void readEvents(InputStream body) throws IOException {
        String event = null;
        StringBuilder data = null;
        for (String l; (l = lineOrNull(body)) != null; ) {
            if (l.isEmpty()) {
                if (data != null) {
                    String json = data.toString();
                    if ("error".equals(event) && json.startsWith("{")) {
                        json = "{\"type\":\"error\"," + json.substring(1);
                    }
                    connection.received(json, System.nanoTime());
                }
                event = null;
                data = null;
            } else if (l.startsWith("event: ")) {
                event = l.substring(7);
            } else if (l.startsWith("data: ")) {
                data = data == null ? new StringBuilder(l.substring(6)) : data.append('\n').append(l, 6, l.length());
            }
        }
    }

    private static String line(InputStream in) throws IOException {
        String l = lineOrNull(in);
        if (l == null) {
            throw new IOException("connection closed");
        }
        return l;
    }

    /** A line without its CRLF or LF; null at the end of the stream. */
    private static String lineOrNull(InputStream in) throws IOException {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream(256);
        for (int b; (b = in.read()) != -1; ) {
            if (b == '\n') {
                byte[] bytes = buffer.toByteArray();
                int length = bytes.length > 0 && bytes[bytes.length - 1] == '\r' ? bytes.length - 1 : bytes.length;
                return new String(bytes, 0, length, StandardCharsets.UTF_8);
            }
            buffer.write(b);
        }
        return null;
    }

    /** The body of a chunked response. */
    private static final class Dechunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Dechunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = lineOrNull(in);
                if (size != null && size.isEmpty()) {
                    size = lineOrNull(in); // the CRLF after the previous chunk
                }
                if (size == null) {
                    done = true;
                    return -1;
                }
                int semicolon = size.indexOf(';');
                left = Long.parseLong((semicolon >= 0 ? size.substring(0, semicolon) : size).trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int b = in.read();
            if (b == -1) {
                done = true;
                return -1;
            }
            left--;
            return b;
        }
    }
}
