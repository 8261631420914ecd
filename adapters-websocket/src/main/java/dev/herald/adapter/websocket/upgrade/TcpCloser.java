package dev.herald.adapter.websocket.upgrade;

import jakarta.servlet.http.WebConnection;

import java.io.Closeable;
import java.io.IOException;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends an upgraded connection and closes its TCP connection at once.
 *
 * <p>{@link WebConnection#close()} alone ends the upgrade as the Servlet API defines it, but on Open
 * Liberty it then hands the socket back to the HTTP channel as an idle keep-alive connection, which
 * the channel closes only when its persist timeout (30 s by default) passes without a next request.
 * RFC 6455 wants the server to close TCP right after the closing handshake, and a population of
 * clients that come and go would otherwise each hold a socket for 30 s. Liberty's own WebSocket
 * implementation closes the connection's TCP link itself; this does the same, through two public
 * methods of Liberty's {@code WebConnection} that are not servlet API ({@code getDeviceConnLink()},
 * {@code getVirtualConnection()}), by reflection.
 *
 * <p>The order matters. The upgraded streams are closed first: that cancels the container's
 * outstanding read (a read still queued for a socket closed under it made Liberty's selector fail
 * with {@code CancelledKeyException}, dropping other connections' reads with it). Then the TCP link
 * closes, which tears the HTTP layers down. {@code WebConnection.close()} comes last: the handler's
 * {@code destroy} and the HTTP channel's connection count, with no socket left to keep alive.
 * Where the two methods are missing (another container, a Liberty that changed them) only the
 * streams and {@code WebConnection.close()} run, and the first such close says so in the log.
 */
final class TcpCloser {

    private static final System.Logger LOG = System.getLogger(TcpCloser.class.getName());
    private static final AtomicBoolean FALLBACK_REPORTED = new AtomicBoolean();

    private TcpCloser() {
    }

    static void close(WebConnection connection, Closeable in, Closeable out) throws Exception {
        quietly(in);
        quietly(out);
        if (!closeTcpLink(connection) && FALLBACK_REPORTED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "This container's upgraded connections cannot be closed at once ("
                    + connection.getClass().getName() + "): after a WebSocket closing handshake the TCP connection"
                    + " stays open until the container's keep-alive timeout");
        }
        connection.close();
    }

    private static void quietly(Closeable stream) {
        try {
            stream.close();
        } catch (IOException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "Close of an upgraded stream failed: " + e);
        }
    }

    /** Closes the TCP link under Liberty's WebConnection; false when this is not one. */
    private static boolean closeTcpLink(WebConnection connection) {
        try {
            Method linkOf = connection.getClass().getMethod("getDeviceConnLink");
            Method virtualConnectionOf = connection.getClass().getMethod("getVirtualConnection");
            Object link = linkOf.invoke(connection);
            Object virtualConnection = virtualConnectionOf.invoke(connection);
            if (link == null || virtualConnection == null) {
                return true; // the container already let go of the link: it is closed or closing
            }
            // through the link's interface: the implementing class need not be accessible
            Method close = linkOf.getReturnType().getMethod("close", virtualConnectionOf.getReturnType(), Exception.class);
            close.invoke(link, virtualConnection, null);
            return true;
        } catch (InvocationTargetException e) {
            // the link refused: closed already, as when the client hung up first
            LOG.log(System.Logger.Level.DEBUG, () -> "TCP close of an upgraded connection failed: " + e.getCause());
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "No TCP close for an upgraded connection: " + e);
            return false;
        }
    }
}
