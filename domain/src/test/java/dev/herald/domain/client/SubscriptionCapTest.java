package dev.herald.domain.client;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.booleans;
import static org.quicktheories.generators.SourceDSL.integers;

class SubscriptionCapTest {

    @Test
    void contractCodeAndMessageAndTheConnectionStaysOpen() {
        Rejection rejection = new SubscriptionCap(1).check(1, false).orElseThrow();
        assertThat(rejection.code()).isEqualTo(ErrorCode.SUBSCRIPTION_LIMIT);
        assertThat(rejection.message()).isEqualTo("Subscription limit reached");
        assertThat(rejection.code().closesConnection()).isFalse();
    }

    @Test
    void zeroIsUnlimited() {
        SubscriptionCap cap = new SubscriptionCap(0);
        assertThat(cap.check(0, false)).isEmpty();
        assertThat(cap.check(1_000_000, false)).isEmpty();
        assertThat(cap.check(Integer.MAX_VALUE, false)).isEmpty();
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {1, 2, 3, 50})
    void boundary(int max) {
        SubscriptionCap cap = new SubscriptionCap(max);
        assertThat(cap.check(0, false)).isEmpty();
        assertThat(cap.check(max - 1, false)).isEmpty();
        assertThat(cap.check(max, false)).map(Rejection::code).hasValue(ErrorCode.SUBSCRIPTION_LIMIT);
        assertThat(cap.check(max + 1, false)).map(Rejection::code).hasValue(ErrorCode.SUBSCRIPTION_LIMIT);
    }

    @ParameterizedTest(name = "cap {0}")
    @ValueSource(ints = {1, 2, 3, 50})
    void reSubscribingAHeldJobIsNeverRejected(int max) {
        SubscriptionCap cap = new SubscriptionCap(max);
        assertThat(cap.check(max, true)).isEmpty();
        assertThat(cap.check(max + 1, true)).isEmpty();      // even if somehow over (e.g. cap lowered)
        assertThat(cap.check(Integer.MAX_VALUE, true)).isEmpty();
    }

    @Test
    void propertyRejectedExactlyForANewJobAtOrOverTheCap() {
        qt().withExamples(1000)
                .forAll(integers().between(0, 20), integers().between(0, 30), booleans().all())
                .checkAssert((max, held, alreadyHeld) -> assertThat(new SubscriptionCap(max).check(held, alreadyHeld)
                        .isPresent()).isEqualTo(max > 0 && !alreadyHeld && held >= max));
    }

    @Test
    void negativeCapIsAConfigurationError() {
        assertThatThrownBy(() -> new SubscriptionCap(-1)).isInstanceOf(IllegalArgumentException.class);
    }
}
