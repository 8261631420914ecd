package dev.herald.bootstrap.e2e;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The job page and the client library: served with their types, and never cached, so that an
 * upgraded gateway never runs against an old client kept by the browser.
 */
class StaticAssetsIT extends GatewayIT {

    @ParameterizedTest
    @CsvSource({"'', text/html", "index.html, text/html", "app.js, javascript", "app.css, text/css",
            "room.html, text/html", "room.js, javascript", "room.css, text/css",
            "herald-client.js, javascript", "herald-client.d.ts, ''"})
    void pageAndClientAreNeverCached(String file, String type) {
        // HTTP/1.1 as browsers speak it in clear text: the JDK client's default, an h2c upgrade, of
        // "/" on a new connection is never answered by Liberty 26.0.0.5 (its welcome-file
        // forward); browsers do not use h2c
        HttpResponse<String> response = api.send(HttpRequest.newBuilder(api.base().resolve("/" + file))
                .version(HttpClient.Version.HTTP_1_1).timeout(Duration.ofSeconds(30)).GET());

        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains(type));
        assertThat(response.headers().firstValue("Cache-Control")).hasValue("no-store");
        assertThat(response.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
        assertThat(response.body()).isNotBlank();
    }
}
