import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A bounded HTTP/1.1 load for rest-cpu.sh: exactly COUNT requests, IN_FLIGHT at a time, each
 * in-flight slot one keep-alive connection sending its next request when the last answer is read.
 * Raw sockets keep the driver's own CPU small and the gateway's work the same as for any client.
 * Usage: java RestLoad.java HOST PORT METHOD PATH EXPECTED_STATUS COUNT IN_FLIGHT [BODY]
 * Exits 1 if any answer had another status.
 */
public class RestLoad {

    public static void main(String[] args) throws Exception {
        String host = args[0];
        int port = Integer.parseInt(args[1]);
        String method = args[2];
        String path = args[3];
        int expected = Integer.parseInt(args[4]);
        int count = Integer.parseInt(args[5]);
        int inFlight = Integer.parseInt(args[6]);
        byte[] body = args.length > 7 ? args[7].getBytes(StandardCharsets.UTF_8) : new byte[0];
        String head = method + " " + path + " HTTP/1.1\r\nHost: " + host + ":" + port + "\r\n"
                + (body.length > 0 ? "Content-Type: application/json\r\nContent-Length: " + body.length + "\r\n" : "")
                + "\r\n";
        byte[] request = concat(head.getBytes(StandardCharsets.US_ASCII), body);
        AtomicInteger left = new AtomicInteger(count);
        AtomicLong unexpected = new AtomicLong();
        List<Thread> slots = new ArrayList<>();
        long start = System.nanoTime();
        for (int i = 0; i < inFlight; i++) {
            Thread slot = new Thread(() -> {
                try {
                    Connection connection = null;
                    while (left.getAndDecrement() > 0) {
                        if (connection == null) {
                            connection = new Connection(host, port);
                        }
                        connection.out.write(request);
                        connection.out.flush();
                        Response response = readResponse(connection.in);
                        if (response.status != expected) {
                            unexpected.incrementAndGet();
                        }
                        if (response.close) {
                            connection.socket.close();
                            connection = null;
                        }
                    }
                    if (connection != null) {
                        connection.socket.close();
                    }
                } catch (IOException e) {
                    throw new RuntimeException(e);
                }
            });
            slot.start();
            slots.add(slot);
        }
        for (Thread slot : slots) {
            slot.join();
        }
        long millis = (System.nanoTime() - start) / 1_000_000;
        System.out.printf("%d requests in %d ms, %d with a status other than %d%n", count, millis, unexpected.get(), expected);
        System.exit(unexpected.get() == 0 ? 0 : 1);
    }

    /** One keep-alive connection; a new one replaces it when the server answers "Connection: close". */
    private static final class Connection {
        final Socket socket = new Socket();
        final OutputStream out;
        final InputStream in;

        Connection(String host, int port) throws IOException {
            socket.setTcpNoDelay(true);
            socket.connect(new InetSocketAddress(host, port));
            out = socket.getOutputStream();
            in = new BufferedInputStream(socket.getInputStream(), 16384);
        }
    }

    private record Response(int status, boolean close) {
    }

    /** Reads one response (Content-Length or chunked body). */
    private static Response readResponse(InputStream in) throws IOException {
        String statusLine = line(in);
        int status = Integer.parseInt(statusLine.split(" ", 3)[1]);
        long length = 0;
        boolean chunked = false;
        boolean close = false;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            String lower = header.toLowerCase();
            if (lower.startsWith("content-length:")) {
                length = Long.parseLong(lower.substring(15).trim());
            } else if (lower.startsWith("transfer-encoding:") && lower.contains("chunked")) {
                chunked = true;
            } else if (lower.startsWith("connection:") && lower.contains("close")) {
                close = true;
            }
        }
        if (!chunked) {
            skip(in, length);
            return new Response(status, close);
        }
        for (long size = Long.parseLong(line(in).split(";")[0].trim(), 16); size > 0;
             size = Long.parseLong(line(in).split(";")[0].trim(), 16)) {
            skip(in, size);
            line(in);
        }
        for (String trailer = line(in); !trailer.isEmpty(); trailer = line(in)) {
            // trailers: none expected
        }
        return new Response(status, close);
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder out = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed");
            }
            if (c != '\r') {
                out.append((char) c);
            }
        }
        return out.toString();
    }

    private static void skip(InputStream in, long n) throws IOException {
        while (n > 0) {
            long skipped = in.skip(n);
            if (skipped <= 0) {
                if (in.read() < 0) {
                    throw new IOException("connection closed");
                }
                skipped = 1;
            }
            n -= skipped;
        }
    }

    private static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
