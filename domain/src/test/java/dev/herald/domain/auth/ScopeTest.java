package dev.herald.domain.auth;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The contract's token {@code scope} claim: a space-separated subset of {@code subscribe publish admin}. */
class ScopeTest {

    @ParameterizedTest
    @CsvSource({"subscribe, SUBSCRIBE", "publish, PUBLISH", "admin, ADMIN"})
    void fromWireKnowsTheContractNames(String wire, Scope scope) {
        assertThat(Scope.fromWire(wire)).contains(scope);
        assertThat(scope.wireName()).isEqualTo(wire);
    }

    @ParameterizedTest
    @EnumSource(Scope.class)
    void wireNameRoundTrips(Scope scope) {
        assertThat(Scope.fromWire(scope.wireName())).contains(scope);
    }

    @Test
    void exactlyTheThreeContractScopes() {
        assertThat(Scope.values()).extracting(Scope::wireName).containsExactlyInAnyOrder("subscribe", "publish", "admin");
    }

    @ParameterizedTest
    @NullAndEmptySource
    @ValueSource(strings = {"read", "write", "subscribe publish", " subscribe", "subscribe ", "SUBSCRIBE", "Admin",
            "subscriber", "*"})
    void anythingElseIsUnknown(String wire) {
        // one name at a time (the claim is split by the token verifier), matched exactly
        assertThat(Scope.fromWire(wire)).isEmpty();
    }
}
