package dev.herald.distribution.conformance;

import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A WebSocket client on a bare socket that sends whatever it is told, bytes as given, in the
 * chops it is told (one write and flush per chop, Nagle off, so a chop is a TCP segment), and
 * reports what the server does in order: text and binary messages, pongs, the close frame, the end
 * of the TCP connection, each with the time it arrived.
 *
 * <p>The server's own pings are answered with pongs of the same payload (as any client does) and
 * kept out of the reported events; a pong never lands inside a frame this client is still
 * writing. A write to a connection the server has closed is dropped: the close frame or the end of
 * TCP already tells the case what happened. {@link #playDead()} stops reading and answering
 * without closing the socket: a peer that vanished.
 *
 * <p>{@link #connect(URI, String)} offers an extension; when the server agrees to
 * {@code permessage-deflate}, a message whose first frame has RSV1 set is inflated (the server
 * never keeps a compression context, so each one stands alone) and reported as compressed.
 */
final class WireClient implements AutoCloseable {

    static final int CONTINUATION = 0x0;
    static final int TEXT = 0x1;
    static final int BINARY = 0x2;
    static final int CLOSE = 0x8;
    static final int PING = 0x9;
    static final int PONG = 0xA;

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";
    private static final AtomicInteger READERS = new AtomicInteger();

    /** What the server did, in the order it arrived. */
    sealed interface Received permits Text, Binary, Pong, Close, Ended, Broken {
        long atNanos();
    }

    record Text(String text, long atNanos, boolean compressed) implements Received {
        Text(String text, long atNanos) {
            this(text, atNanos, false);
        }

        @Override
        public String toString() {
            return "Text[" + (text.length() <= 200 ? text : text.substring(0, 200) + "... (" + text.length() + " chars)") + "]";
        }
    }

    record Binary(int length, long atNanos) implements Received {
    }

    record Pong(byte[] payload, long atNanos) implements Received {
        @Override
        public String toString() {
            return "Pong[" + HexFormat.of().formatHex(payload) + "]";
        }
    }

    /** A close frame; {@code code} is 1005 when it had no payload. */
    record Close(int code, String reason, long atNanos) implements Received {
    }

    /** The TCP connection ended (the server's FIN, or a reset). */
    record Ended(String how, long atNanos) implements Received {
    }

    /** The server sent something RFC 6455 forbids a server to send. */
    record Broken(String why, long atNanos) implements Received {
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final BlockingQueue<Received> received = new LinkedBlockingQueue<>();
    private final Object writing = new Object();
    /** Pongs owed to the server while a frame of ours is only partly written. */
    private final List<byte[]> owedPongs = new ArrayList<>();
    private boolean insideFrame;
    private volatile boolean dead;
    private volatile boolean writeFailed;
    private volatile int serverPings;
    /** The server's {@code Sec-WebSocket-Extensions} answer, "" when it agreed to none. */
    private String extensions = "";

    private WireClient(Socket socket) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
    }

    /** Opens {@code /realtime} with a valid handshake and starts reading. */
    static WireClient connect(URI base) throws IOException {
        return connect(base, null);
    }

    /** Opens {@code /realtime} offering {@code extensions} ({@code Sec-WebSocket-Extensions}, null for none). */
    static WireClient connect(URI base, String extensions) throws IOException {
        Socket socket = new Socket();
        socket.setTcpNoDelay(true);
        socket.connect(new InetSocketAddress(base.getHost(), base.getPort()), 5_000);
        socket.setSoTimeout(60_000);
        WireClient client = new WireClient(socket);
        client.handshake(base, extensions);
        Thread reader = new Thread(client::read, "wire-client-" + READERS.incrementAndGet());
        reader.setDaemon(true);
        reader.start();
        return client;
    }

    private void handshake(URI base, String offer) throws IOException {
        byte[] nonce = new byte[16];
        Frames.RANDOM.nextBytes(nonce);
        String key = Base64.getEncoder().encodeToString(nonce);
        String request = "GET /realtime HTTP/1.1\r\nHost: " + base.getHost() + ":" + base.getPort() + "\r\n"
                + "Upgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: " + key + "\r\n"
                + "Sec-WebSocket-Version: 13\r\n" + (offer == null ? "" : "Sec-WebSocket-Extensions: " + offer + "\r\n")
                + "\r\n";
        out.write(request.getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
        List<String> head = readHead();
        if (head.isEmpty() || !head.get(0).contains(" 101 ")) {
            socket.close();
            throw new IOException("handshake refused: " + head);
        }
        String accept = head.stream().filter(h -> h.toLowerCase().startsWith("sec-websocket-accept:"))
                .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse("");
        if (!accept.equals(acceptFor(key))) {
            socket.close();
            throw new IOException("wrong Sec-WebSocket-Accept: " + head);
        }
        extensions = head.stream().filter(h -> h.toLowerCase().startsWith("sec-websocket-extensions:"))
                .map(h -> h.substring(h.indexOf(':') + 1).trim()).findFirst().orElse("");
        if (offer == null && !extensions.isEmpty()) {
            socket.close();
            throw new IOException("an extension nobody offered: " + head);
        }
    }

    private List<String> readHead() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new EOFException("connection closed during the handshake");
            }
            head.write(b);
            matched = (b == '\r' && (matched == 0 || matched == 2)) || (b == '\n' && (matched == 1 || matched == 3))
                    ? matched + 1 : 0;
        }
        return head.toString(StandardCharsets.ISO_8859_1).lines().filter(l -> !l.isEmpty()).toList();
    }

    private static String acceptFor(String key) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.ISO_8859_1));
            return Base64.getEncoder().encodeToString(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The server's {@code Sec-WebSocket-Extensions} answer, "" when it agreed to none. */
    String extensions() {
        return extensions;
    }

    /** Whether the server agreed to {@code permessage-deflate}. */
    boolean deflate() {
        return extensions.startsWith("permessage-deflate");
    }

    /** Writes whole frames (or any bytes) in one write. */
    void send(byte[] bytes) {
        send(bytes, bytes.length);
    }

    /** Writes {@code bytes} in writes of {@code chop} bytes, each flushed: the stream cut into TCP segments. */
    void send(byte[] bytes, int chop) {
        synchronized (writing) {
            writeChops(bytes, chop);
            insideFrame = false;
            payOwedPongs();
        }
    }

    /** Writes the first part of a frame; no pong goes out until {@link #send} writes the rest. */
    void sendPartOfFrame(byte[] bytes) {
        synchronized (writing) {
            insideFrame = true;
            writeChops(bytes, bytes.length);
        }
    }

    void frame(boolean fin, int opcode, byte[] payload) {
        send(Frames.client(fin, 0, opcode, payload));
    }

    void text(String text) {
        frame(true, TEXT, text.getBytes(StandardCharsets.UTF_8));
    }

    void close(int code) {
        frame(true, CLOSE, Frames.closePayload(code, new byte[0]));
    }

    /** Whether a write found the connection closed by the server. */
    boolean writeFailed() {
        return writeFailed;
    }

    private void writeChops(byte[] bytes, int chop) {
        try {
            for (int at = 0; at < bytes.length && !writeFailed; at += chop) {
                out.write(bytes, at, Math.min(chop, bytes.length - at));
                out.flush();
            }
        } catch (IOException e) {
            writeFailed = true;
        }
    }

    private void payOwedPongs() {
        try {
            for (byte[] pong : owedPongs) {
                out.write(pong);
            }
            owedPongs.clear();
            out.flush();
        } catch (IOException e) {
            writeFailed = true;
        }
    }

    private void answerServerPing(byte[] payload) {
        byte[] pong = Frames.client(true, 0, PONG, payload);
        synchronized (writing) {
            if (insideFrame) {
                owedPongs.add(pong);
            } else {
                writeChops(pong, pong.length);
            }
        }
    }

    /** The next thing the server did, waiting up to {@code millis}; null when nothing came. */
    Received poll(long millis) {
        try {
            return received.poll(millis, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError("interrupted");
        }
    }

    /** What arrived so far and was not taken yet. */
    List<Received> pending() {
        return List.copyOf(received);
    }

    /** Pings the server sent (answered, not reported as events). */
    int serverPings() {
        return serverPings;
    }

    /** From now on nothing is read nor answered, and the socket stays open: a peer that vanished. */
    void playDead() {
        dead = true;
    }

    boolean socketClosedByUs() {
        return socket.isClosed();
    }

    private void read() {
        ByteArrayOutputStream message = new ByteArrayOutputStream();
        int messageOpcode = -1;
        boolean compressed = false;
        try {
            while (true) {
                if (dead) {
                    return;
                }
                int first = in.read();
                if (first < 0) {
                    ended("FIN");
                    return;
                }
                int second = readByte();
                int opcodeBits = first & 0x0F;
                boolean startsMessage = opcodeBits == TEXT || opcodeBits == BINARY;
                if ((first & 0x70) != 0 && !((first & 0x70) == 0x40 && deflate() && startsMessage)) {
                    broken("reserved bits set: " + Integer.toHexString(first));
                    return;
                }
                if ((second & 0x80) != 0) {
                    broken("a server frame must not be masked");
                    return;
                }
                boolean fin = (first & 0x80) != 0;
                int opcode = first & 0x0F;
                long length = second & 0x7F;
                if (length == 126) {
                    length = ((long) readByte() << 8) | readByte();
                } else if (length == 127) {
                    length = 0;
                    for (int i = 0; i < 8; i++) {
                        length = (length << 8) | readByte();
                    }
                }
                if (length > Integer.MAX_VALUE) {
                    broken("frame length " + length);
                    return;
                }
                byte[] payload = in.readNBytes((int) length);
                if (payload.length < length) {
                    ended("FIN inside a frame");
                    return;
                }
                long now = System.nanoTime();
                switch (opcode) {
                    case PING -> {
                        serverPings++;
                        if (!dead) {
                            answerServerPing(payload);
                        }
                    }
                    case PONG -> received.add(new Pong(payload, now));
                    case CLOSE -> received.add(closeOf(payload, now));
                    case TEXT, BINARY, CONTINUATION -> {
                        if (opcode != CONTINUATION) {
                            messageOpcode = opcode;
                            compressed = (first & 0x40) != 0;
                            message.reset();
                        }
                        message.write(payload);
                        if (fin) {
                            byte[] whole = compressed ? inflate(message.toByteArray()) : message.toByteArray();
                            if (whole == null) {
                                broken("a compressed message that does not inflate");
                                return;
                            }
                            received.add(messageOpcode == TEXT ? new Text(new String(whole, StandardCharsets.UTF_8), now, compressed)
                                    : new Binary(whole.length, now));
                            message.reset();
                        }
                    }
                    default -> {
                        broken("unknown opcode " + opcode);
                        return;
                    }
                }
            }
        } catch (IOException e) {
            if (!dead) {
                ended(e.getClass().getSimpleName() + ": " + e.getMessage());
            }
        }
    }

    /** A message compressed without context (RFC 7692, section 7.2.2), or null when it does not inflate. */
    private static byte[] inflate(byte[] deflated) {
        java.util.zip.Inflater inflater = new java.util.zip.Inflater(true);
        try {
            inflater.setInput(Frames.concat(deflated, Frames.bytes(0x00, 0x00, 0xff, 0xff)));
            ByteArrayOutputStream plain = new ByteArrayOutputStream();
            byte[] buffer = new byte[8192];
            int n;
            while ((n = inflater.inflate(buffer)) > 0 || !inflater.needsInput() && !inflater.finished()) {
                if (n == 0) {
                    return null;
                }
                plain.write(buffer, 0, n);
            }
            return plain.toByteArray();
        } catch (java.util.zip.DataFormatException e) {
            return null;
        } finally {
            inflater.end();
        }
    }

    private int readByte() throws IOException {
        int b = in.read();
        if (b < 0) {
            throw new EOFException("FIN inside a frame header");
        }
        return b;
    }

    private static Close closeOf(byte[] payload, long now) {
        if (payload.length < 2) {
            return new Close(1005, "", now);
        }
        return new Close(((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF),
                new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8), now);
    }

    private void ended(String how) {
        received.add(new Ended(how, System.nanoTime()));
    }

    private void broken(String why) {
        received.add(new Broken(why, System.nanoTime()));
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // nothing left to release
        }
    }
}
