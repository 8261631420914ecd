package dev.herald.loadtest.client;

import org.junit.jupiter.api.Test;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/** The harness' SSE client against a one-shot HTTP server on loopback that answers with chunked SSE. */
class SseStreamSocketTest {

    private static final List<Socket> KEPT = new CopyOnWriteArrayList<>();

    @org.junit.jupiter.api.AfterAll
    static void closeKept() throws Exception {
        for (Socket s : KEPT) {
            s.close();
        }
    }

    /** Serves one request with {@code response} (written as given), returns the request line. */
    private static CompletableFuture<String> serveOnce(ServerSocket server, String response) {
        return CompletableFuture.supplyAsync(() -> {
            try {
                Socket s = server.accept(); // left open (keep-alive): closed with the server socket
                BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.US_ASCII));
                String requestLine = in.readLine();
                while (!in.readLine().isEmpty()) {
                    // headers
                }
                OutputStream out = s.getOutputStream();
                out.write(response.getBytes(StandardCharsets.UTF_8));
                out.flush();
                KEPT.add(s);
                return requestLine;
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
    }

    private static String chunk(String text) {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        return Integer.toHexString(bytes.length) + "\r\n" + text + "\r\n";
    }

    private record Seen(List<Frame> frames, CompletableFuture<Integer> closed) {
    }

    private static Seen follow(int port, String subscribe) throws Exception {
        List<Frame> frames = new CopyOnWriteArrayList<>();
        CompletableFuture<Integer> closed = new CompletableFuture<>();
        Target target = new Target(URI.create("http://127.0.0.1:" + port), URI.create("ws://127.0.0.1:" + port + "/realtime"), null, null);
        WsClients clients = WsClients.sse(target, Duration.ofSeconds(2));
        Connection connection = clients.connect(new FrameListener() {
            @Override
            public void onFrame(Connection c, Frame frame, long receivedNanos) {
                frames.add(frame);
            }

            @Override
            public void onClose(Connection c, int code, String reason) {
                closed.complete(code);
            }
        }).get(2, TimeUnit.SECONDS);
        connection.sendQuietly("{\"type\":\"ping\"}");
        connection.sendQuietly(subscribe);
        return new Seen(frames, closed);
    }

    @Test
    void subscribeOpensTheJobsStreamAndEachMessageBecomesAFrameAcrossChunks() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String stream = "event: subscribed\ndata: {\"type\":\"subscribed\",\"jobId\":\"j\",\"afterSeq\":2,\"headSeq\":3}\n\n"
                    + ":\n\nid: 3\nevent: event\ndata: {\"type\":\"event\",\"jobId\":\"j\",\"seq\":3,\"eventType\":\"t\","
                    + "\"occurredAt\":\"2026-01-02T03:04:05.000Z\",\"payload\":{},\"replay\":true}\n\n"
                    + "event: caught-up\ndata: {\"type\":\"caught-up\",\"jobId\":\"j\",\"seq\":3,\"replayed\":1,\"durationMs\":1}\n\n"
                    + "event: error\ndata: {\"code\":\"SHUTTING_DOWN\",\"message\":\"bye\"}\n\n";
            int cut = stream.indexOf("\"seq\":3") + 3; // a message split over two chunks
            CompletableFuture<String> request = serveOnce(server, "HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n"
                    + "Transfer-Encoding: chunked\r\n\r\n" + chunk(stream.substring(0, cut)) + chunk(stream.substring(cut)) + "0\r\n\r\n");
            Seen seen = follow(server.getLocalPort(), "{\"type\":\"subscribe\",\"jobId\":\"j:1\",\"afterSeq\":2}");

            assertThat(request.get(5, TimeUnit.SECONDS)).isEqualTo("GET /api/jobs/j%3A1/stream?afterSeq=2 HTTP/1.1");
            assertThat(seen.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1006);
            assertThat(seen.frames()).extracting(Frame::type).containsExactly("subscribed", "event", "caught-up", "error");
            assertThat(seen.frames().get(1).seq()).isEqualTo(3);
            assertThat(seen.frames().get(1).replay()).isTrue();
            assertThat(seen.frames().get(3).code()).isEqualTo("SHUTTING_DOWN");
        }
    }

    @Test
    void aRefusalBeforeTheStreamIsAnErrorFrameWithItsCodeThenAClose() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            String body = "{\"code\":\"IP_LIMIT\",\"message\":\"Too many\"}";
            serveOnce(server, "HTTP/1.1 429 Too Many Requests\r\nContent-Type: application/json\r\nContent-Length: "
                    + body.length() + "\r\n\r\n" + body); // keep-alive: the socket stays open after the body
            Seen seen = follow(server.getLocalPort(), "{\"type\":\"subscribe\",\"jobId\":\"j\"}");

            assertThat(seen.closed().get(5, TimeUnit.SECONDS)).isEqualTo(1006);
            assertThat(seen.frames()).extracting(Frame::type).containsExactly("error");
            assertThat(seen.frames().get(0).code()).isEqualTo("IP_LIMIT");
        }
    }
}
