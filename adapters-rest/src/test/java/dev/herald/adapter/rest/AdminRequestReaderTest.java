package dev.herald.adapter.rest;

import dev.herald.domain.error.ErrorCode;
import dev.herald.domain.error.RejectedException;
import dev.herald.domain.operator.Maintenance;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class AdminRequestReaderTest {

    private static AdminRequestReader.MaintenanceSwitch read(String body) {
        return AdminRequestReader.maintenance(new ByteArrayInputStream(body.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void aSwitchWithAndWithoutAMessage() {
        assertThat(read("{\"enabled\":true,\"message\":\"Upgrade\"}"))
                .isEqualTo(new AdminRequestReader.MaintenanceSwitch(true, Optional.of("Upgrade")));
        assertThat(read("{\"enabled\":false}")).isEqualTo(new AdminRequestReader.MaintenanceSwitch(false, Optional.empty()));
        assertThat(read("{\"enabled\":true,\"message\":null}").message()).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "[]", "{}", "{\"enabled\":\"true\"}", "{\"enabled\":1}", "{\"enabled\":true,\"message\":5}",
            "{\"enabled\":true,\"extra\":1}", "{\"enabled\":true} x", "{\"enabled\":tru"})
    void anythingElseIsABadRequest(String body) {
        assertThatThrownBy(() -> read(body)).isInstanceOf(RejectedException.class)
                .extracting(e -> ((RejectedException) e).code()).isEqualTo(ErrorCode.BAD_REQUEST);
    }

    @Test
    void anOversizeBodyIsTooLarge() {
        assertThatThrownBy(() -> read("{\"enabled\":true,\"message\":\"" + "x".repeat(9000) + "\"}"))
                .isInstanceOf(RejectedException.class)
                .extracting(e -> ((RejectedException) e).code()).isEqualTo(ErrorCode.MESSAGE_TOO_LARGE);
    }

    @Test
    void theStateReadsAsTheContractSays() {
        assertThat(MaintenanceResource.json(Maintenance.off())).isEqualTo("{\"enabled\":false,\"since\":null,\"message\":null}");
        Maintenance on = Maintenance.off().switchTo(true, Optional.of("say \"hi\""), Instant.parse("2026-01-02T03:04:05.678Z"));
        assertThat(MaintenanceResource.json(on))
                .isEqualTo("{\"enabled\":true,\"since\":\"2026-01-02T03:04:05.678Z\",\"message\":\"say \\\"hi\\\"\"}");
    }
}
