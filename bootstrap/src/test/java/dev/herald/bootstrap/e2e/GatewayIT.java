package dev.herald.bootstrap.e2e;

import dev.herald.bootstrap.testing.GatewayApi;
import dev.herald.bootstrap.testing.WsClient;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.container.test.api.RunAsClient;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.extension.ExtendWith;

import java.io.File;
import java.net.URI;
import java.net.URL;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The gateway this module built, deployed as is on the Arquillian-managed Open Liberty (see
 * arquillian.xml for the guardrails it runs with), driven by real clients over HTTP and WebSocket.
 */
@ExtendWith(ArquillianExtension.class)
@RunAsClient
public abstract class GatewayIT {

    protected static final Duration WAIT = Duration.ofSeconds(15);

    /** Guardrails of the test server (arquillian.xml). */
    static final int MAX_CONNECTIONS = 40;
    static final int MAX_PER_ORIGIN = 4;
    static final int MAX_PER_ADDRESS = 6;
    static final int MAX_SUBSCRIPTIONS = 3;
    static final long IDLE_TIMEOUT_MS = 2_000;

    @Deployment(testable = false)
    public static WebArchive deployment() {
        return ShrinkWrap.createFromZipFile(WebArchive.class, new File(System.getProperty("herald.war", "target/herald.war")));
    }

    @ArquillianResource
    protected URL base;

    protected GatewayApi api;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void connectApi() throws Exception {
        api = newApi(base.toURI());
    }

    /** The API as the test's operator uses it (with the token an auth-on server needs). */
    protected GatewayApi newApi(URI baseUri) {
        return new GatewayApi(baseUri);
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        clients.clear();
        // the next test starts from an empty gateway: no slot still held by this one's clients
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (api.metrics().getInt("activeConnections") > 0) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("connections still open after the test: " + api.metrics());
            }
            sleep(50);
        }
    }

    protected WsClient.Builder client() {
        return WsClient.to(api.websocketUri());
    }

    /** Connects and registers the client for closing after the test. */
    protected WsClient connect(WsClient.Builder builder) {
        WsClient client = builder.connect();
        clients.add(client);
        return client;
    }

    protected WsClient connect() {
        return connect(client());
    }

    protected static String newJob(String prefix) {
        return prefix + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    protected static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }

    static URI uri(URL url) {
        try {
            return url.toURI();
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }
}
