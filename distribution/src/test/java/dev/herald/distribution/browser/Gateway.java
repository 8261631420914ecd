package dev.herald.distribution.browser;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URI;
import java.util.Map;

/**
 * A packaged gateway started as a process: {@code dev.herald.distribution.LibertyNode} (the
 * server zip this module built, {@code server run herald}, free ports, own server directory). That
 * class is package-private in {@code dev.herald.distribution}; this handle reaches it reflectively
 * so the browser tests can live in their own package without widening it.
 */
final class Gateway implements AutoCloseable {

    private final Object node;

    Gateway(String name, Map<String, String> environment) {
        try {
            Class<?> type = Class.forName("dev.herald.distribution.LibertyNode");
            Constructor<?> constructor = type.getDeclaredConstructor(String.class, Map.class);
            constructor.setAccessible(true);
            node = constructor.newInstance(name, environment);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LibertyNode changed shape: " + e, e);
        }
    }

    /** Starts the server and waits until /health/ready answers 200. */
    Gateway start() {
        call("start");
        return this;
    }

    /** SIGTERM (the gateway drains its clients with SHUTTING_DOWN, 1001), then waits for the exit. */
    void stop() {
        call("stop");
    }

    /** {@code http://127.0.0.1:PORT/}; the same across restarts. */
    URI base() {
        return (URI) call("base");
    }

    @Override
    public void close() {
        call("close");
    }

    private Object call(String name) {
        try {
            Method method = node.getClass().getDeclaredMethod(name);
            method.setAccessible(true);
            return method.invoke(node);
        } catch (InvocationTargetException e) {
            throw rethrow(e);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("LibertyNode changed shape: " + e, e);
        }
    }

    private static RuntimeException rethrow(InvocationTargetException e) {
        Throwable cause = e.getCause();
        if (cause instanceof RuntimeException runtime) {
            return runtime;
        }
        if (cause instanceof Error error) {
            throw error;
        }
        return new IllegalStateException(cause);
    }
}
