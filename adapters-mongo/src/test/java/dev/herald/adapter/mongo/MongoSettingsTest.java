package dev.herald.adapter.mongo;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class MongoSettingsTest {

    private static final String SECRET = "s3cr3t-Pa55";

    @Test
    void defaultsToTheHeraldDatabaseAndShortTimeouts() {
        MongoSettings settings = MongoSettings.of("mongodb://db1:27017");
        assertThat(settings.database()).isEqualTo("herald");
        assertThat(settings.connectTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.serverSelectionTimeout()).isEqualTo(Duration.ofSeconds(2));
        assertThat(settings.socketTimeout()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void takesTheDatabaseFromTheUriPath() {
        assertThat(MongoSettings.of("mongodb://db1,db2/events?replicaSet=rs0").database()).isEqualTo("events");
        assertThat(MongoSettings.of("mongodb://db1/").database()).isEqualTo("herald");
        assertThat(MongoSettings.of("mongodb://db1/events").withDatabase("other").database()).isEqualTo("other");
    }

    @Test
    void neverShowsThePasswordWhenPrinted() {
        MongoSettings settings = MongoSettings.of("mongodb://alice:" + SECRET + "@db1:27017/herald?authSource=admin");
        assertThat(settings.redactedUri()).isEqualTo("mongodb://alice:****@db1:27017/herald?authSource=admin");
        assertThat(settings.toString()).doesNotContain(SECRET).contains("alice:****@db1");
    }

    @Test
    void masksPasswordLikeOptionsToo() {
        assertThat(MongoUris.redact("mongodb://db1/?proxyHost=p&proxyPassword=" + SECRET + "&proxyUsername=u"))
                .doesNotContain(SECRET).contains("proxyPassword=****");
    }

    @ParameterizedTest
    @ValueSource(strings = {
            "db1:27017",
            "http://alice:" + SECRET + "@db1:27017",
            "mongodb://alice:" + SECRET + "@",
            "mongodb://alice:" + SECRET + "@db1:notaport/herald",
            "mongodb://alice:" + SECRET + "@db1/herald?connectTimeoutMS=soon",
            "mongodb://alice:" + SECRET + "@db1/herald?proxyPassword=" + SECRET,
            "mongodb+srv://alice:" + SECRET + "@db1:27017/herald",
    })
    void aMalformedUriFailsAtStartWithAHelpfulMessageThatHidesThePassword(String uri) {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MongoSettings.of(uri))
                .withMessageContaining("MONGODB_URI")
                .withMessageContaining("mongodb://[user:password@]host[:port]")
                .withMessageNotContaining(SECRET)
                .withNoCause()
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain(SECRET));
    }

    @Test
    void anUnknownOptionIsOnlyWarnedAboutByTheDriver() {
        assertThat(MongoSettings.of("mongodb://db1/herald?notAnOption=x").database()).isEqualTo("herald");
    }

    @Test
    void aMalformedUriMessageSaysWhatIsWrong() {
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MongoSettings.of("db1:27017"))
                .withMessageContaining("must start with");
        assertThatIllegalArgumentException()
                .isThrownBy(() -> MongoSettings.of("   "))
                .withMessageContaining("empty");
    }

    @Test
    void rejectsBadDatabaseNamesAndTimeouts() {
        MongoSettings settings = MongoSettings.of("mongodb://db1");
        assertThatIllegalArgumentException().isThrownBy(() -> settings.withDatabase("a.b"));
        assertThatIllegalArgumentException().isThrownBy(() -> settings.withDatabase(" "));
        assertThatIllegalArgumentException()
                .isThrownBy(() -> settings.withTimeouts(Duration.ZERO, Duration.ofSeconds(1), Duration.ofSeconds(1)))
                .withMessageContaining("connectTimeout");
    }
}
