package dev.herald.bootstrap.testing;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * A WebSocket client written on a plain socket, for hostile tests: it can send what no proper
 * client library would (invalid UTF-8 in a text frame, stray continuation frames, unknown opcodes),
 * and records every frame the server answers with.
 */
public final class RawWebSocket implements AutoCloseable {

    public static final int TEXT = 0x1;
    public static final int BINARY = 0x2;
    public static final int CLOSE = 0x8;
    public static final int PING = 0x9;
    public static final int PONG = 0xA;

    private static final SecureRandom RANDOM = new SecureRandom();

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final List<String> texts = new ArrayList<>();
    private final List<String> pongs = new ArrayList<>();
    private final CountDownLatch closed = new CountDownLatch(1);
    private volatile int closeCode = -1;

    private RawWebSocket(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens a connection to {@code pathAndQuery} (e.g. {@code /realtime?token=...}) with these headers. */
    public static RawWebSocket connect(URI base, String pathAndQuery, Map<String, String> headers) throws IOException {
        Socket socket = new Socket();
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(30_000);
        RawWebSocket ws = new RawWebSocket(socket);
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(nonce);
        StringBuilder request = new StringBuilder("GET " + pathAndQuery + " HTTP/1.1\r\n")
                .append("Host: ").append(base.getHost()).append(':').append(base.getPort()).append("\r\n")
                .append("Upgrade: websocket\r\nConnection: Upgrade\r\n")
                .append("Sec-WebSocket-Key: ").append(Base64.getEncoder().encodeToString(nonce)).append("\r\n")
                .append("Sec-WebSocket-Version: 13\r\n");
        headers.forEach((name, value) -> request.append(name).append(": ").append(value).append("\r\n"));
        ws.out.write(request.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
        ws.out.flush();
        String status = ws.readHeaders();
        if (!status.contains(" 101 ")) {
            socket.close();
            throw new IOException("handshake refused: " + status);
        }
        Thread reader = new Thread(ws::readFrames, "raw-ws-reader");
        reader.setDaemon(true);
        reader.start();
        return ws;
    }

    private String readHeaders() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1).lines().findFirst().orElse("");
    }

    public void sendText(String text) throws IOException {
        sendFrame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    /** One frame as given: the server has to cope with whatever the bits say. */
    public synchronized void sendFrame(boolean fin, int opcode, byte[] payload) throws IOException {
        ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 14);
        frame.write((fin ? 0x80 : 0) | (opcode & 0x0F));
        if (payload.length < 126) {
            frame.write(0x80 | payload.length);
        } else if (payload.length <= 0xFFFF) {
            frame.write(0x80 | 126);
            frame.write(payload.length >>> 8);
            frame.write(payload.length & 0xFF);
        } else {
            frame.write(0x80 | 127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                frame.write((int) (((long) payload.length >>> shift) & 0xFF));
            }
        }
        byte[] mask = new byte[4];
        RANDOM.nextBytes(mask);
        frame.write(mask);
        byte[] masked = payload.clone();
        for (int i = 0; i < masked.length; i++) {
            masked[i] ^= mask[i % 4];
        }
        frame.write(masked);
        out.write(frame.toByteArray());
        out.flush();
    }

    private void readFrames() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        try {
            while (true) {
                int first = in.read();
                int second = in.read();
                if (first < 0 || second < 0) {
                    break;
                }
                boolean fin = (first & 0x80) != 0;
                int opcode = first & 0x0F;
                long length = second & 0x7F;
                if (length == 126) {
                    length = (in.read() << 8) | in.read();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | in.read();
                    }
                }
                byte[] payload = in.readNBytes((int) length);
                if (opcode == CLOSE) {
                    closeCode = payload.length >= 2 ? ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF) : 1005;
                    break;
                } else if (opcode == PING) {
                    sendFrame(true, PONG, payload);
                } else if (opcode == PONG) {
                    synchronized (texts) {
                        pongs.add(new String(payload, StandardCharsets.UTF_8));
                    }
                } else if (opcode == TEXT || opcode == 0) {
                    message.write(payload);
                    if (fin) {
                        synchronized (texts) {
                            texts.add(message.toString(StandardCharsets.UTF_8));
                        }
                        message.reset();
                    }
                }
            }
        } catch (IOException e) {
            // the server went away mid-frame: reported as "closed without a close frame" below
        } finally {
            if (closeCode < 0) {
                closeCode = 1006;
            }
            closed.countDown();
        }
    }

    public List<String> texts() {
        synchronized (texts) {
            return List.copyOf(texts);
        }
    }

    /** Payloads of the pongs the server answered our pings with. */
    public List<String> pongs() {
        synchronized (texts) {
            return List.copyOf(pongs);
        }
    }

    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    public OptionalInt awaitClose(long millis) {
        try {
            return closed.await(millis, TimeUnit.MILLISECONDS) ? OptionalInt.of(closeCode) : OptionalInt.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return OptionalInt.empty();
        }
    }

    @Override
    public void close() {
        try {
            if (!isClosed()) {
                sendFrame(true, CLOSE, new byte[]{0x03, (byte) 0xE8});
                awaitClose(2_000);
            }
        } catch (IOException e) {
            // already gone
        }
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
