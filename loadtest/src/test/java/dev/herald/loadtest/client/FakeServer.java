package dev.herald.loadtest.client;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Plays the gateway's part byte by byte on 127.0.0.1: the test accepts each connection and scripts
 * what the server reads and writes, including how its bytes are cut into TCP writes.
 */
final class FakeServer implements AutoCloseable {

    private final ServerSocket server;

    FakeServer() throws IOException {
        server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        server.setSoTimeout(10_000);
    }

    int port() {
        return server.getLocalPort();
    }

    Peer accept() throws IOException {
        Socket socket = server.accept();
        socket.setSoTimeout(10_000);
        socket.setTcpNoDelay(true);
        return new Peer(socket);
    }

    @Override
    public void close() throws IOException {
        server.close();
    }

    /** A request head: its first line and its headers (lower-case names). */
    record Head(String line, Map<String, String> headers) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** A frame the client sent, unmasked. */
    record ClientFrame(boolean fin, int opcode, boolean masked, byte[] payload) {
        String text() {
            return new String(payload, StandardCharsets.UTF_8);
        }

        int closeCode() {
            return ((payload[0] & 0xFF) << 8) | (payload[1] & 0xFF);
        }

        String closeReason() {
            return new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8);
        }
    }

    static final class Peer implements AutoCloseable {
        private final Socket socket;
        private final DataInputStream in;
        private final OutputStream out;

        Peer(Socket socket) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
        }

        Head readHead() throws IOException {
            List<String> lines = new ArrayList<>();
            for (String line = readLine(); !line.isEmpty(); line = readLine()) {
                lines.add(line);
            }
            Map<String, String> headers = new LinkedHashMap<>();
            for (String header : lines.subList(1, lines.size())) {
                int colon = header.indexOf(':');
                headers.put(header.substring(0, colon).trim().toLowerCase(Locale.ROOT), header.substring(colon + 1).trim());
            }
            return new Head(lines.get(0), headers);
        }

        byte[] readBytes(int n) throws IOException {
            byte[] bytes = new byte[n];
            in.readFully(bytes);
            return bytes;
        }

        /** Reads the upgrade request and answers 101 with the right accept key. */
        Head acceptUpgrade() throws IOException {
            Head request = readHead();
            write(upgradeResponse(WsHandshake.expectedAccept(request.header("Sec-WebSocket-Key"))));
            return request;
        }

        ClientFrame readFrame() throws IOException {
            int b0 = in.readUnsignedByte();
            int b1 = in.readUnsignedByte();
            long length = b1 & 0x7F;
            if (length == 126) {
                length = in.readUnsignedShort();
            } else if (length == 127) {
                length = in.readLong();
            }
            boolean masked = (b1 & 0x80) != 0;
            byte[] mask = masked ? readBytes(4) : new byte[4];
            byte[] payload = readBytes((int) length);
            for (int i = 0; i < payload.length; i++) {
                payload[i] ^= mask[i & 3];
            }
            return new ClientFrame((b0 & 0x80) != 0, b0 & 0x0F, masked, payload);
        }

        /** True when the client closed its side (nothing more to read). */
        boolean atEndOfStream() throws IOException {
            return in.read() < 0;
        }

        void write(byte[]... parts) throws IOException {
            for (byte[] part : parts) {
                out.write(part);
            }
            out.flush();
        }

        void write(String ascii) throws IOException {
            write(ascii.getBytes(StandardCharsets.UTF_8));
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }

        private String readLine() throws IOException {
            ByteArrayOutputStream line = new ByteArrayOutputStream();
            for (int b = in.read(); b != '\n'; b = in.read()) {
                if (b < 0) {
                    throw new IOException("end of stream inside a line");
                }
                if (b != '\r') {
                    line.write(b);
                }
            }
            return line.toString(StandardCharsets.UTF_8);
        }
    }

    static byte[] upgradeResponse(String accept) {
        return ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept + "\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    /** A server frame: unmasked, with the shortest length form. */
    static byte[] frame(boolean fin, int opcode, byte[] payload) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write((fin ? 0x80 : 0) | opcode);
        int length = payload.length;
        if (length < 126) {
            out.write(length);
        } else if (length < 65_536) {
            out.write(126);
            out.write(length >> 8);
            out.write(length);
        } else {
            out.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                out.write((int) ((long) length >> shift));
            }
        }
        out.writeBytes(payload);
        return out.toByteArray();
    }

    static byte[] text(String text) {
        return frame(true, 0x1, text.getBytes(StandardCharsets.UTF_8));
    }

    static byte[] close(int code, String reason) {
        byte[] text = reason.getBytes(StandardCharsets.UTF_8);
        byte[] payload = new byte[2 + text.length];
        payload[0] = (byte) (code >> 8);
        payload[1] = (byte) code;
        System.arraycopy(text, 0, payload, 2, text.length);
        return frame(true, 0x8, payload);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }
}
