package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;

/** Admission caps; counts are the connections already open before the newcomer. */
class ConnectionCapsTest {

    private static final int MANY = 1_000_000;

    @Test
    void contractMessagesAndCodes() {
        ConnectionCaps caps = new ConnectionCaps(1, 1, 1);

        Rejection total = caps.admit(new ConnectionCounts(1, 0, 0)).orElseThrow();
        assertThat(total.code()).isEqualTo(ErrorCode.CONNECTION_LIMIT);
        assertThat(total.message()).isEqualTo("Too many realtime connections");

        Rejection origin = caps.admit(new ConnectionCounts(0, 1, 0)).orElseThrow();
        assertThat(origin.code()).isEqualTo(ErrorCode.ORIGIN_LIMIT);
        assertThat(origin.message()).isEqualTo("Too many connections from this origin");

        Rejection address = caps.admit(new ConnectionCounts(0, 0, 1)).orElseThrow();
        assertThat(address.code()).isEqualTo(ErrorCode.IP_LIMIT);
        assertThat(address.message()).isNotBlank().isNotEqualTo(total.message()).isNotEqualTo(origin.message());

        assertThat(total.code().closeCode()).hasValue(4429);
        assertThat(origin.code().closeCode()).hasValue(4429);
        assertThat(address.code().closeCode()).hasValue(4429);
    }

    @Test
    void zeroMeansUnlimitedForEveryCap() {
        assertThat(ConnectionCaps.unlimited().admit(new ConnectionCounts(MANY, MANY, MANY))).isEmpty();
        assertThat(new ConnectionCaps(0, 0, 0).admit(new ConnectionCounts(Integer.MAX_VALUE, Integer.MAX_VALUE,
                Integer.MAX_VALUE))).isEmpty();
    }

    @Test
    void eachZeroIsUnlimitedOnItsOwn() {
        // only total unlimited
        assertThat(new ConnectionCaps(0, 5, 5).admit(new ConnectionCounts(MANY, 4, 4))).isEmpty();
        // only origin unlimited
        assertThat(new ConnectionCaps(5, 0, 5).admit(new ConnectionCounts(4, MANY, 4))).isEmpty();
        // only address unlimited
        assertThat(new ConnectionCaps(5, 5, 0).admit(new ConnectionCounts(4, 4, MANY))).isEmpty();
    }

    @ParameterizedTest(name = "cap {0}")
    @CsvSource({"1", "2", "10", "1000"})
    void totalBoundary(int cap) {
        ConnectionCaps caps = new ConnectionCaps(cap, 0, 0);
        assertThat(caps.admit(new ConnectionCounts(cap - 1, 0, 0))).isEmpty();
        assertThat(caps.admit(new ConnectionCounts(cap, 0, 0))).map(Rejection::code).hasValue(ErrorCode.CONNECTION_LIMIT);
        assertThat(caps.admit(new ConnectionCounts(cap + 1, 0, 0))).map(Rejection::code).hasValue(ErrorCode.CONNECTION_LIMIT);
    }

    @ParameterizedTest(name = "cap {0}")
    @CsvSource({"1", "2", "10", "1000"})
    void originBoundary(int cap) {
        ConnectionCaps caps = new ConnectionCaps(0, cap, 0);
        assertThat(caps.admit(new ConnectionCounts(MANY, cap - 1, 0))).isEmpty();
        assertThat(caps.admit(new ConnectionCounts(MANY, cap, 0))).map(Rejection::code).hasValue(ErrorCode.ORIGIN_LIMIT);
        assertThat(caps.admit(new ConnectionCounts(MANY, cap + 1, 0))).map(Rejection::code).hasValue(ErrorCode.ORIGIN_LIMIT);
    }

    @ParameterizedTest(name = "cap {0}")
    @CsvSource({"1", "2", "10", "1000"})
    void addressBoundary(int cap) {
        ConnectionCaps caps = new ConnectionCaps(0, 0, cap);
        assertThat(caps.admit(new ConnectionCounts(MANY, MANY, cap - 1))).isEmpty();
        assertThat(caps.admit(new ConnectionCounts(MANY, MANY, cap))).map(Rejection::code).hasValue(ErrorCode.IP_LIMIT);
        assertThat(caps.admit(new ConnectionCounts(MANY, MANY, cap + 1))).map(Rejection::code).hasValue(ErrorCode.IP_LIMIT);
    }

    @Test
    void totalIsCheckedBeforeOriginBeforeAddress() {
        ConnectionCaps caps = new ConnectionCaps(10, 5, 2);
        assertThat(caps.admit(new ConnectionCounts(10, 5, 2))).map(Rejection::code).hasValue(ErrorCode.CONNECTION_LIMIT);
        assertThat(caps.admit(new ConnectionCounts(10, 0, 2))).map(Rejection::code).hasValue(ErrorCode.CONNECTION_LIMIT);
        assertThat(caps.admit(new ConnectionCounts(9, 5, 2))).map(Rejection::code).hasValue(ErrorCode.ORIGIN_LIMIT);
        assertThat(caps.admit(new ConnectionCounts(9, 4, 2))).map(Rejection::code).hasValue(ErrorCode.IP_LIMIT);
        assertThat(caps.admit(new ConnectionCounts(9, 4, 1))).isEmpty();
    }

    @Test
    void propertyMatchesAReferenceModel() {
        qt().withExamples(2000)
                .forAll(integers().between(0, 6), integers().between(0, 6), integers().between(0, 6),
                        integers().between(0, 8 * 8 * 8 - 1))
                .checkAssert((maxTotal, maxOrigin, maxAddress, packed) -> {
                    int total = packed % 8;
                    int origin = (packed / 8) % 8;
                    int address = packed / 64;
                    Optional<ErrorCode> expected =
                            maxTotal > 0 && total >= maxTotal ? Optional.of(ErrorCode.CONNECTION_LIMIT)
                            : maxOrigin > 0 && origin >= maxOrigin ? Optional.of(ErrorCode.ORIGIN_LIMIT)
                            : maxAddress > 0 && address >= maxAddress ? Optional.of(ErrorCode.IP_LIMIT)
                            : Optional.empty();
                    assertThat(new ConnectionCaps(maxTotal, maxOrigin, maxAddress)
                            .admit(new ConnectionCounts(total, origin, address)).map(Rejection::code))
                            .isEqualTo(expected);
                });
    }

    @Test
    void negativeCapsAreAConfigurationError() {
        assertThatThrownBy(() -> new ConnectionCaps(-1, 0, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionCaps(0, -1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ConnectionCaps(0, 0, -1)).isInstanceOf(IllegalArgumentException.class);
    }
}
