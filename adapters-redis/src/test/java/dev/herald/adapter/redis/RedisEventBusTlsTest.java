package dev.herald.adapter.redis;

import dev.herald.adapter.redis.testing.RedisServer;
import dev.herald.application.testing.Eventually;
import dev.herald.domain.job.EventType;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * {@code rediss://}: TLS with the JVM's trust store and host name verification. The server gets a
 * self-signed certificate for "localhost" only (made with the JDK's keytool), which the test puts
 * in the JVM trust store for its duration.
 */
class RedisEventBusTlsTest {

    private static final String STORE_PASSWORD = "changeit";

    @TempDir
    static Path directory;
    private static RedisServer redis;
    private static int tlsPort;
    private static String previousTrustStore;
    private static String previousTrustStorePassword;
    private static String previousTrustStoreType;

    @BeforeAll
    static void startTlsRedis() throws Exception {
        Path keyStore = directory.resolve("server.p12");
        keytool("-genkeypair", "-alias", "redis", "-keyalg", "RSA", "-keysize", "2048", "-validity", "2",
                "-dname", "CN=localhost", "-ext", "SAN=dns:localhost",
                "-storetype", "PKCS12", "-keystore", keyStore.toString(),
                "-storepass", STORE_PASSWORD, "-keypass", STORE_PASSWORD);
        KeyStore store = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(keyStore)) {
            store.load(in, STORE_PASSWORD.toCharArray());
        }
        Path cert = pem(directory.resolve("cert.pem"), "CERTIFICATE", store.getCertificate("redis").getEncoded());
        Path key = pem(directory.resolve("key.pem"), "PRIVATE KEY",
                store.getKey("redis", STORE_PASSWORD.toCharArray()).getEncoded());
        tlsPort = freePort();
        redis = RedisServer.startOnFreePort("--tls-port", Integer.toString(tlsPort),
                "--tls-cert-file", cert.toString(), "--tls-key-file", key.toString(),
                "--tls-ca-cert-file", cert.toString(), "--tls-auth-clients", "no");

        previousTrustStore = System.getProperty("javax.net.ssl.trustStore");
        previousTrustStorePassword = System.getProperty("javax.net.ssl.trustStorePassword");
        previousTrustStoreType = System.getProperty("javax.net.ssl.trustStoreType");
        System.setProperty("javax.net.ssl.trustStore", keyStore.toString());
        System.setProperty("javax.net.ssl.trustStorePassword", STORE_PASSWORD);
        System.setProperty("javax.net.ssl.trustStoreType", "PKCS12");
    }

    @AfterAll
    static void stopTlsRedis() {
        restore("javax.net.ssl.trustStore", previousTrustStore);
        restore("javax.net.ssl.trustStorePassword", previousTrustStorePassword);
        restore("javax.net.ssl.trustStoreType", previousTrustStoreType);
        if (redis != null) {
            redis.close();
        }
    }

    @Test
    void connectsWithTlsToAServerWhoseCertificateNamesTheHost() {
        try (RedisEventBus bus = RedisEventBus.start(TestSettings.fast("rediss://localhost:" + tlsPort))) {
            assertThat(bus.state().connected()).isTrue();
            JobId job = JobId.of("job-tls");
            List<JobEvent> received = new CopyOnWriteArrayList<>();
            bus.subscribe(job, received::add);
            bus.publish(new JobEvent(job, 1, EventType.of("t"), Instant.EPOCH, "{\"secure\":true}"));
            Eventually.await("the event over TLS", () -> received.size() == 1);
        }
    }

    @Test
    void refusesACertificateThatDoesNotNameTheHost() {
        // same server and certificate, reached as 127.0.0.1, which the certificate does not name
        try (RedisEventBus bus = RedisEventBus.start(TestSettings.fast("rediss://127.0.0.1:" + tlsPort))) {
            assertThat(bus.state().connected()).isFalse();
            assertThat(firstError(bus)).hasValueSatisfying(error -> assertThat(error).contains("SSL"));
        }
    }

    /**
     * The first attempt's error. start() waits for it within the connect and socket timeouts, but a
     * TLS handshake on a loaded machine can take longer: then the outcome is waited for here.
     */
    private static java.util.Optional<String> firstError(RedisEventBus bus) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
        while (bus.state().lastError().isEmpty() && System.nanoTime() < deadline) {
            java.util.concurrent.locks.LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(20));
        }
        return bus.state().lastError();
    }

    @Test
    void plainRedisToATlsPortDoesNotConnect() {
        try (RedisEventBus bus = RedisEventBus.start(TestSettings.fast("redis://localhost:" + tlsPort))) {
            assertThat(bus.state().connected()).isFalse();
        }
    }

    private static void keytool(String... arguments) throws IOException, InterruptedException {
        Path keytool = Path.of(System.getProperty("java.home"), "bin", "keytool");
        List<String> command = new java.util.ArrayList<>(List.of(keytool.toString()));
        command.addAll(List.of(arguments));
        Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(process.exitValue()).as(output).isZero();
    }

    private static Path pem(Path file, String type, byte[] der) throws IOException {
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        Files.writeString(file, "-----BEGIN " + type + "-----\n" + body + "\n-----END " + type + "-----\n");
        return file;
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private static void restore(String property, String value) {
        if (value == null) {
            System.clearProperty(property);
        } else {
            System.setProperty(property, value);
        }
    }
}
