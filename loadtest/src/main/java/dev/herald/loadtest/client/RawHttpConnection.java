package dev.herald.loadtest.client;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.SocketTimeoutException;
import java.net.StandardSocketOptions;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.util.concurrent.TimeUnit;

/**
 * One keep-alive HTTP/1.1 connection, used by one thread at a time: write a request, read its
 * response, before a deadline. A blocking channel, so that {@link #closedByPeer()} can look for the
 * server's FIN without waiting, and reads through its socket, so that they honour a timeout.
 */
final class RawHttpConnection implements AutoCloseable {

    private final SocketChannel channel;
    private final InputStream in;
    private final HttpResponseReader reader;
    private final ByteBuffer probe = ByteBuffer.allocate(1);
    private long deadlineNanos;
    private long lastUsedNanos;
    private int exchanges;

    private RawHttpConnection(SocketChannel channel) throws IOException {
        this.channel = channel;
        this.in = channel.socket().getInputStream();
        this.reader = new HttpResponseReader(this::readBeforeDeadline);
        this.lastUsedNanos = System.nanoTime();
    }

    static RawHttpConnection open(InetSocketAddress address, long deadlineNanos) throws IOException {
        SocketChannel channel = SocketChannel.open();
        try {
            channel.setOption(StandardSocketOptions.TCP_NODELAY, true);
            channel.socket().connect(address, millisLeft(deadlineNanos));
            return new RawHttpConnection(channel);
        } catch (SocketTimeoutException e) {
            channel.close();
            throw new HttpTimeoutException("request timed out");
        } catch (IOException e) {
            channel.close();
            throw e;
        }
    }

    /** Whether a request went over it already (a reused connection may have been dropped meanwhile). */
    boolean reused() {
        return exchanges > 0;
    }

    long idleNanos() {
        return System.nanoTime() - lastUsedNanos;
    }

    /** The server closed it, or sent something unasked, while it was idle: unfit for a request. */
    boolean closedByPeer() {
        try {
            channel.configureBlocking(false);
            probe.clear();
            int n = channel.read(probe);
            channel.configureBlocking(true);
            return n != 0;
        } catch (IOException e) {
            return true;
        }
    }

    /** Writes the whole request; on failure, {@code request.position()} is how much was written. */
    void write(ByteBuffer request) throws IOException {
        while (request.hasRemaining()) {
            channel.write(request);
        }
    }

    HttpResponseReader.Response read(long deadline) throws IOException {
        this.deadlineNanos = deadline;
        HttpResponseReader.Response response = reader.read();
        exchanges++;
        lastUsedNanos = System.nanoTime();
        return response;
    }

    private int readBeforeDeadline(byte[] into, int offset, int length) throws IOException {
        channel.socket().setSoTimeout(millisLeft(deadlineNanos));
        try {
            return in.read(into, offset, length);
        } catch (SocketTimeoutException e) {
            throw new HttpTimeoutException("request timed out");
        }
    }

    private static int millisLeft(long deadlineNanos) throws HttpTimeoutException {
        long left = TimeUnit.NANOSECONDS.toMillis(deadlineNanos - System.nanoTime());
        if (left <= 0) {
            throw new HttpTimeoutException("request timed out");
        }
        return (int) Math.min(Integer.MAX_VALUE, left);
    }

    @Override
    public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            // closed anyway
        }
    }
}
