package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class OriginAllowListTest {

    private final OriginAllowList list = OriginAllowList.of(List.of("https://app.example.com", "http://localhost:3000/"));

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com", "https://evil.example", "null", "file://", ""})
    void emptyListAllowsEveryOrigin(String origin) {
        OriginAllowList empty = OriginAllowList.of(List.of());
        assertThat(empty.allowsAny()).isTrue();
        assertThat(empty.check(Optional.of(origin))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com", "https://evil.example", "null"})
    void starAllowsEveryOrigin(String origin) {
        assertThat(OriginAllowList.of(List.of("*")).check(Optional.of(origin))).isEmpty();
        assertThat(OriginAllowList.of(List.of("https://a.example", " * ")).check(Optional.of(origin))).isEmpty();
        assertThat(OriginAllowList.anyOrigin().check(Optional.of(origin))).isEmpty();
        assertThat(OriginAllowList.anyOrigin().allowsAny()).isTrue();
    }

    @Test
    void blankEntriesAreIgnored() {
        OriginAllowList blanks = OriginAllowList.of(List.of(" ", ""));
        assertThat(blanks.allowsAny()).isTrue(); // nothing configured = allow all
        OriginAllowList withBlank = OriginAllowList.of(List.of("", "https://app.example.com"));
        assertThat(withBlank.allowsAny()).isFalse();
        assertThat(withBlank.check(Optional.of(""))).isPresent();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://app.example.com", "HTTPS://APP.EXAMPLE.COM", "https://App.Example.Com",
            "https://app.example.com/", " https://app.example.com ", "http://localhost:3000", "http://localhost:3000/",
            "HTTP://LOCALHOST:3000"})
    void exactMatchIgnoringCaseAndATrailingSlash(String origin) {
        assertThat(list.allowsAny()).isFalse();
        assertThat(list.check(Optional.of(origin))).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"https://evil.example", "http://app.example.com", "https://app.example.com:8443",
            "https://app.example.com.evil.example", "https://sub.app.example.com", "https://app.example.co",
            "http://localhost:3001", "http://localhost", "null", "", "*", "https://app.example.com/path"})
    void everyOtherOriginIsNotAllowed(String origin) {
        Rejection rejection = list.check(Optional.of(origin)).orElseThrow();
        assertThat(rejection.code()).isEqualTo(ErrorCode.ORIGIN_NOT_ALLOWED);
        assertThat(rejection.code().closeCode()).hasValue(4403);
        assertThat(rejection.message()).isNotBlank();
    }

    @Test
    void missingOriginHeaderIsAllowedEvenWithAList() {
        assertThat(list.check(Optional.empty())).isEmpty();
    }

    @Test
    void configuredEntriesAreNormalizedToo() {
        OriginAllowList upper = OriginAllowList.of(List.of("  HTTPS://App.Example.com/  "));
        assertThat(upper.check(Optional.of("https://app.example.com"))).isEmpty();
        assertThat(upper.check(Optional.of("https://other.example.com"))).isPresent();
    }

    @Test
    void toStringShowsTheConfiguration() {
        assertThat(OriginAllowList.anyOrigin()).hasToString("*");
        assertThat(OriginAllowList.of(List.of("https://A.example/"))).hasToString("https://a.example");
    }
}
