package dev.herald.adapter.websocket.upgrade;

import jakarta.servlet.http.WebConnection;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends an upgraded connection so that its TCP connection closes at once.
 *
 * <p>{@link WebConnection#close()} ends the upgrade as the Servlet API defines it (the handler's
 * {@code destroy}, the streams), but on Open Liberty it then hands the socket back to the HTTP
 * channel as an idle keep-alive connection: the channel reads for a next HTTP request and closes
 * the socket only when its persist timeout (30 s by default) passes. RFC 6455 wants the server to
 * close TCP right after the closing handshake, and a population of clients that come and go would
 * otherwise each hold a socket for 30 s.
 *
 * <p>So after {@code WebConnection.close()} the channel's wait for a next request is timed out at
 * once, the way Liberty cancels a read itself: a read on the connection's TCP read interface with
 * the immediate timeout ({@code TCPRequestContext.IMMED_TIMEOUT}). The channel then closes the
 * socket on its own threads, by its usual path for a keep-alive connection that timed out. (Closing
 * the TCP link from here instead raced with that queued read in Liberty's selector, which then
 * dropped other connections' reads.) The read interface is reached through Liberty's
 * {@code WebConnection.getTCPConnectionContext()}, which is not servlet API, by reflection; where it
 * is missing (another container, a Liberty that changed it) only {@code WebConnection.close()}
 * runs, and the first such close says so in the log.
 */
final class TcpCloser {

    private static final System.Logger LOG = System.getLogger(TcpCloser.class.getName());
    private static final AtomicBoolean FALLBACK_REPORTED = new AtomicBoolean();

    private TcpCloser() {
    }

    static void close(WebConnection connection) throws Exception {
        connection.close();
        if (!endKeepAlive(connection) && FALLBACK_REPORTED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "This container's upgraded connections cannot be closed at once ("
                    + connection.getClass().getName() + "): after a WebSocket closing handshake the TCP connection"
                    + " stays open until the container's keep-alive timeout");
        }
    }

    /** Times out the HTTP channel's wait for a next request; false when this is not Liberty's WebConnection. */
    private static boolean endKeepAlive(WebConnection connection) {
        try {
            Method contextOf = connection.getClass().getMethod("getTCPConnectionContext");
            Object context = contextOf.invoke(connection);
            if (context == null) {
                return true; // the container already let go of the connection
            }
            // through the interfaces: the implementing classes need not be accessible
            Method readInterfaceOf = contextOf.getReturnType().getMethod("getReadInterface");
            Object readInterface = readInterfaceOf.invoke(context);
            Class<?> readType = readInterfaceOf.getReturnType();
            int immediateTimeout = readType.getField("IMMED_TIMEOUT").getInt(null);
            readType.getMethod("read", long.class, int.class).invoke(readInterface, 1L, immediateTimeout);
            return true;
        } catch (InvocationTargetException e) {
            // no read to time out: the connection is closed already, as when the client hung up first
            LOG.log(System.Logger.Level.DEBUG, () -> "Keep-alive of an upgraded connection not ended: " + e.getCause());
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "No way to end the keep-alive of an upgraded connection: " + e);
            return false;
        }
    }
}
