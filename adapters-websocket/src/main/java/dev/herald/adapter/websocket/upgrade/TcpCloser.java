package dev.herald.adapter.websocket.upgrade;

import jakarta.servlet.http.WebConnection;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Ends an upgraded connection so that its TCP connection closes at once.
 *
 * <p>{@link WebConnection#close()} alone ends the upgrade as the Servlet API defines it (the
 * handler's {@code destroy}, the streams), but on Open Liberty it then hands the socket back to the
 * HTTP channel as an idle keep-alive connection: the channel reads for a next HTTP request, closes
 * the socket only when its persist timeout (30 s by default) passes, and would read whatever the
 * client still sends (its answer to a close frame) as a request and answer it {@code 400}. RFC 6455
 * wants the server to close TCP right after the closing handshake, and a population of clients
 * that come and go would otherwise each hold a socket for 30 s.
 *
 * <p>So the connection's TCP reads and writes are aborted first, the way Liberty aborts a request
 * itself ({@code TCPRequestContext.ABORT_TIMEOUT} on the TCP read and write interfaces): every
 * read or write after that fails, so {@code WebConnection.close()} then ends in the HTTP channel's
 * error path, which closes the socket on Liberty's own threads, with its connection count right.
 * (Closing the TCP link from here instead left the connection in that count, the server's stop
 * waited 30 s for it, and raced with a read queued in Liberty's selector.) The interfaces are reached
 * through Liberty's {@code WebConnection.getTCPConnectionContext()}, not servlet API, by reflection;
 * where it is missing (another container, a Liberty that changed it) only {@code WebConnection.close()}
 * runs, and the first such close says so in the log.
 */
final class TcpCloser {

    private static final System.Logger LOG = System.getLogger(TcpCloser.class.getName());
    private static final AtomicBoolean FALLBACK_REPORTED = new AtomicBoolean();

    private TcpCloser() {
    }

    static void close(WebConnection connection) throws Exception {
        boolean aborted = abortTcp(connection);
        connection.close();
        if (!aborted && FALLBACK_REPORTED.compareAndSet(false, true)) {
            LOG.log(System.Logger.Level.WARNING, "This container's upgraded connections cannot be closed at once ("
                    + connection.getClass().getName() + "): after a WebSocket closing handshake the TCP connection"
                    + " stays open until the container's keep-alive timeout");
        }
    }

    /** Aborts the TCP reads and writes under Liberty's WebConnection; false when this is not one. */
    private static boolean abortTcp(WebConnection connection) {
        try {
            Method contextOf = connection.getClass().getMethod("getTCPConnectionContext");
            Object context = contextOf.invoke(connection);
            if (context == null) {
                return true; // the container already let go of the connection
            }
            // through the interfaces: the implementing classes need not be accessible
            Class<?> contextType = contextOf.getReturnType();
            abort(contextType.getMethod("getReadInterface"), context, "read");
            abort(contextType.getMethod("getWriteInterface"), context, "write");
            return true;
        } catch (ReflectiveOperationException | RuntimeException e) {
            LOG.log(System.Logger.Level.DEBUG, () -> "No way to abort the TCP connection of an upgraded connection: " + e);
            return false;
        }
    }

    /** {@code read(1, ABORT_TIMEOUT)} or {@code write(1, ABORT_TIMEOUT)} on one of the TCP interfaces. */
    private static void abort(Method interfaceOf, Object context, String operation) throws ReflectiveOperationException {
        Object requests = interfaceOf.invoke(context);
        Class<?> requestsType = interfaceOf.getReturnType();
        int abortTimeout = requestsType.getField("ABORT_TIMEOUT").getInt(null);
        try {
            requestsType.getMethod(operation, long.class, int.class).invoke(requests, 1L, abortTimeout);
        } catch (InvocationTargetException e) {
            // aborted or closed already, as when the client hung up first
            LOG.log(System.Logger.Level.DEBUG, () -> "TCP " + operation + " abort of an upgraded connection: " + e.getCause());
        }
    }
}
