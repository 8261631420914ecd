package dev.herald.loadtest.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingsTest {

    @Test
    void commandLineBeatsScenarioOptionsBeatOptionsBeatTopLevel(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("staging.json");
        Files.writeString(file, """
                {"apiUrl": "http://gw:9080", "secret": "s",
                 "options": {"clientCount": 50, "settleMs": 500},
                 "scenarioOptions": {"broadcast-burst": {"clientCount": 150, "latencyThresholdMs": 600}}}
                """);
        HarnessConfig config = HarnessConfig.load(file);
        Settings broadcast = Settings.forScenario("broadcast-burst", Map.of("latencyThresholdMs", "400"), config);
        assertThat(broadcast.integer("clientCount", 200)).isEqualTo(150);
        assertThat(broadcast.decimal("latencyThresholdMs", 500)).isEqualTo(400);
        assertThat(broadcast.longValue("settleMs", 1)).isEqualTo(500);
        assertThat(broadcast.string("apiUrl", "x")).isEqualTo("http://gw:9080");
        assertThat(broadcast.integer("eventCount", 100)).isEqualTo(100);
        assertThat(broadcast.optionalString("secret")).contains("s");
        assertThat(broadcast.used()).containsEntry("clientCount", 150L).containsEntry("secret", "***");
        assertThat(Settings.forScenario("idle-eviction", Map.of(), config).integer("clientCount", 20)).isEqualTo(50);
    }

    @Test
    void badValuesNameTheKey() {
        assertThatThrownBy(() -> Settings.of(Map.of("clientCount", "lots")).integer("clientCount", 1))
                .isInstanceOf(ConfigException.class).hasMessageContaining("clientCount");
    }

    @Test
    void theSuitesDefaultsYieldToAnythingConfigured() {
        Map<String, String> suiteDefaults = dev.herald.loadtest.scenario.Scenarios.suiteDefaults("broadcast-burst");
        assertThat(Settings.of(Map.of()).withDefaults(suiteDefaults).flag("burst", false)).as("the suite's broadcast is a burst").isTrue();
        assertThat(Settings.of(Map.of("burst", "false")).withDefaults(suiteDefaults).flag("burst", false)).isFalse();
        assertThat(dev.herald.loadtest.scenario.Scenarios.suiteDefaults("catch-up-burst")).isEmpty();
    }
}
