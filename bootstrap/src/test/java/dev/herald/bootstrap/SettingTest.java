package dev.herald.bootstrap;

import dev.herald.adapter.redis.RedisSettingsReader;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class SettingTest {

    @Test
    void everyKeyTheRedisAdapterReadsIsASetting() {
        assertThat(RedisSettingsReader.KEYS).allSatisfy(key -> assertThat(Setting.byProperty(key)).isPresent());
    }

    /** The Redis adapter reads its own settings: with nothing set it must land on Setting's defaults. */
    @Test
    void theRedisAdaptersFallbacksAreSettingsDefaults() {
        assertThat(RedisSettingsReader.read(key -> Optional.empty())).isEqualTo(RedisSettingsReader.read(key ->
                key.equals(RedisSettingsReader.URL) ? Optional.empty()
                        : Setting.byProperty(key).flatMap(Setting::defaultValue)));
    }

    @Test
    void aDefaultComesFromSettingAndAComputedFallbackOnlyWhereSettingHasNone() {
        HeraldConfig unset = new HeraldConfig(new MapConfig(Map.of()));
        assertThat(unset.integer(Setting.MAX_CONNECTIONS, 0)).isEqualTo(500);
        assertThat(unset.integerOr(Setting.WRITER_THREADS, 6, 1)).isEqualTo(6);
        assertThatThrownBy(() -> unset.integerOr(Setting.MAX_CONNECTIONS, 7, 0))
                .hasMessageContaining("herald.socket.max-connections has its default in Setting");
        assertThatThrownBy(() -> unset.integer(Setting.WRITER_THREADS, 1))
                .hasMessageContaining("herald.socket.writer-threads has no default in Setting");
    }
}
