package dev.herald.loadtest.redis;

import dev.herald.loadtest.config.ConfigException;

import javax.net.ssl.SSLSocketFactory;
import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The few Redis commands the harness sends (CLIENT KILL, DEBUG SLEEP, PING), over a plain RESP
 * connection: a Redis client library would be most of the jar for three commands. Understands
 * {@code redis://[[user]:password@]host[:port][/db]} and {@code rediss://} (TLS).
 */
public final class RespClient implements AutoCloseable {

    private final Socket socket;
    private final OutputStream out;
    private final InputStream in;

    private RespClient(Socket socket) throws IOException {
        this.socket = socket;
        this.out = socket.getOutputStream();
        this.in = new BufferedInputStream(socket.getInputStream());
    }

    /** A Redis error reply. */
    public record Error(String message) {
    }

    public static RespClient connect(String url, int timeoutMs) throws IOException {
        URI uri;
        try {
            uri = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new ConfigException("redisUrl is not a URL: " + url);
        }
        boolean tls = "rediss".equals(uri.getScheme());
        if (!tls && !"redis".equals(uri.getScheme())) {
            throw new ConfigException("redisUrl must be redis:// or rediss://, got " + url);
        }
        int port = uri.getPort() > 0 ? uri.getPort() : 6379;
        Socket socket = tls ? SSLSocketFactory.getDefault().createSocket() : new Socket();
        socket.connect(new InetSocketAddress(uri.getHost(), port), timeoutMs);
        socket.setSoTimeout(timeoutMs);
        RespClient client = new RespClient(socket);
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null && !userInfo.isEmpty()) {
            int colon = userInfo.indexOf(':');
            String user = colon < 0 ? "" : decode(userInfo.substring(0, colon));
            String password = decode(colon < 0 ? userInfo : userInfo.substring(colon + 1));
            Object reply = user.isEmpty() ? client.command("AUTH", password) : client.command("AUTH", user, password);
            if (reply instanceof Error error) {
                client.close();
                throw new IOException("Redis refused AUTH: " + error.message());
            }
        }
        return client;
    }

    /** Sends one command and reads its reply: String, Long, List, null or {@link Error}. */
    public Object command(String... args) throws IOException {
        ByteArrayOutputStream request = new ByteArrayOutputStream();
        request.write(("*" + args.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
        for (String arg : args) {
            byte[] bytes = arg.getBytes(StandardCharsets.UTF_8);
            request.write(("$" + bytes.length + "\r\n").getBytes(StandardCharsets.US_ASCII));
            request.write(bytes);
            request.write("\r\n".getBytes(StandardCharsets.US_ASCII));
        }
        out.write(request.toByteArray());
        out.flush();
        return readReply();
    }

    public void soTimeout(int millis) throws IOException {
        socket.setSoTimeout(millis);
    }

    private Object readReply() throws IOException {
        int kind = in.read();
        if (kind < 0) {
            throw new IOException("Redis closed the connection");
        }
        String line = readLine();
        return switch (kind) {
            case '+' -> line;
            case '-' -> new Error(line);
            case ':' -> Long.parseLong(line);
            case '$' -> {
                int length = Integer.parseInt(line);
                if (length < 0) {
                    yield null;
                }
                byte[] data = in.readNBytes(length);
                readLine();
                yield new String(data, StandardCharsets.UTF_8);
            }
            case '*' -> {
                int count = Integer.parseInt(line);
                if (count < 0) {
                    yield null;
                }
                List<Object> items = new ArrayList<>();
                for (int i = 0; i < count; i++) {
                    items.add(readReply());
                }
                yield items;
            }
            default -> throw new IOException("unexpected RESP reply type " + (char) kind);
        };
    }

    private String readLine() throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\r') {
            if (c < 0) {
                throw new IOException("Redis closed the connection");
            }
            line.write(c);
        }
        in.read(); // \n
        return line.toString(StandardCharsets.UTF_8);
    }

    private static String decode(String part) {
        return URLDecoder.decode(part, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException e) {
            // closing anyway
        }
    }
}
