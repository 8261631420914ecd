package dev.herald.domain.error;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.OptionalInt;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/** The error-code table of the wire contract (protocol.md, "Error codes"), row by row. */
class ErrorCodeTest {

    private static final int OPEN = 0;

    /** code -> close code of the contract table; OPEN when the connection stays open. */
    private static final Map<String, Integer> CONTRACT = new LinkedHashMap<>();

    static {
        CONTRACT.put("BAD_REQUEST", OPEN);
        CONTRACT.put("MESSAGE_TOO_LARGE", 1009);
        CONTRACT.put("UNAUTHORIZED", 4401);
        CONTRACT.put("FORBIDDEN", OPEN);
        CONTRACT.put("ORIGIN_NOT_ALLOWED", 4403);
        CONTRACT.put("CONNECTION_LIMIT", 4429);
        CONTRACT.put("ORIGIN_LIMIT", 4429);
        CONTRACT.put("IP_LIMIT", 4429);
        CONTRACT.put("SUBSCRIPTION_LIMIT", OPEN);
        CONTRACT.put("RATE_LIMITED", OPEN); // first time open; sustained -> SUSTAINED_RATE_LIMIT_CLOSE
        CONTRACT.put("IDLE_TIMEOUT", 4408);
        CONTRACT.put("SLOW_CONSUMER", 4409);
        CONTRACT.put("STORE_UNAVAILABLE", OPEN);
        CONTRACT.put("SHUTTING_DOWN", 1001);
        // v1.1, "New error codes"
        CONTRACT.put("TOKEN_EXPIRED", OPEN); // open for the grace period; then UNAUTHORIZED, 4401
        CONTRACT.put("MAINTENANCE", 1013); // a new connection; a publish is refused (503 over REST)
        CONTRACT.put("DISCONNECTED", 4410);
        CONTRACT.put("REVOKED", 4401);
    }

    /** Codes the domain has beyond the WebSocket table: REST only. */
    private static final Map<String, Integer> REST_ONLY = Map.of("NOT_FOUND", OPEN, "IDEMPOTENCY_KEY_REUSED", OPEN);

    @Test
    void everyContractCodeExistsWithItsExactWireName() {
        for (String name : CONTRACT.keySet()) {
            assertThat(ErrorCode.valueOf(name).name()).isEqualTo(name);
        }
    }

    @Test
    void noCodeOutsideTheContract() {
        assertThat(Arrays.stream(ErrorCode.values()).map(Enum::name).collect(Collectors.toSet()))
                .containsExactlyInAnyOrderElementsOf(
                        java.util.stream.Stream.concat(CONTRACT.keySet().stream(), REST_ONLY.keySet().stream())
                                .collect(Collectors.toSet()));
    }

    @ParameterizedTest
    @EnumSource(ErrorCode.class)
    void closeCodeIsTheContractsAndConsistentWithClosesConnection(ErrorCode code) {
        int expected = CONTRACT.getOrDefault(code.name(), REST_ONLY.get(code.name()));
        if (expected == OPEN) {
            assertThat(code.closeCode()).as(code.name()).isEqualTo(OptionalInt.empty());
            assertThat(code.closesConnection()).as(code.name()).isFalse();
        } else {
            assertThat(code.closeCode()).as(code.name()).isEqualTo(OptionalInt.of(expected));
            assertThat(code.closesConnection()).as(code.name()).isTrue();
        }
    }

    @Test
    void spotChecksFromTheBrief() {
        assertThat(ErrorCode.MESSAGE_TOO_LARGE.closeCode()).hasValue(1009);
        assertThat(ErrorCode.UNAUTHORIZED.closeCode()).hasValue(4401);
        assertThat(ErrorCode.ORIGIN_NOT_ALLOWED.closeCode()).hasValue(4403);
        assertThat(ErrorCode.CONNECTION_LIMIT.closeCode()).hasValue(4429);
        assertThat(ErrorCode.ORIGIN_LIMIT.closeCode()).hasValue(4429);
        assertThat(ErrorCode.IP_LIMIT.closeCode()).hasValue(4429);
        assertThat(ErrorCode.IDLE_TIMEOUT.closeCode()).hasValue(4408);
        assertThat(ErrorCode.SLOW_CONSUMER.closeCode()).hasValue(4409);
        assertThat(ErrorCode.SHUTTING_DOWN.closeCode()).hasValue(1001);
        assertThat(ErrorCode.BAD_REQUEST.closeCode()).isEmpty();
        assertThat(ErrorCode.FORBIDDEN.closeCode()).isEmpty();
        assertThat(ErrorCode.SUBSCRIPTION_LIMIT.closeCode()).isEmpty();
        assertThat(ErrorCode.RATE_LIMITED.closeCode()).isEmpty();
        assertThat(ErrorCode.STORE_UNAVAILABLE.closeCode()).isEmpty();
    }

    @Test
    void sustainedRateLimitClosesWith4429() {
        assertThat(ErrorCode.SUSTAINED_RATE_LIMIT_CLOSE).isEqualTo(4429);
    }

    @Test
    void closeCodesAreInTheRangesAnApplicationMaySend() {
        // 1001/1009/1013 are registered codes (1013: try again later); the rest are in the private 4000-4999 range
        for (ErrorCode code : ErrorCode.values()) {
            code.closeCode().ifPresent(c -> assertThat(c == 1001 || c == 1009 || c == 1013 || (c >= 4000 && c <= 4999))
                    .as("%s -> %d", code, c).isTrue());
        }
    }
}
