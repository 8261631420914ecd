package dev.herald.loadtest.scenario;

import dev.herald.loadtest.config.ConfigException;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PayloadTextTest {

    @Test
    void padIsOneLetterAndWordsAreWordsBothOfTheSizeAsked() {
        assertThat(Publisher.padding(10, "pad")).isEqualTo("xxxxxxxxxx");
        String words = Publisher.padding(1988, "words");
        assertThat(words).hasSize(1988).contains(" ").doesNotContain("\"", "\\");
        assertThat(words.chars().distinct().count()).isGreaterThan(20);
    }

    @Test
    void anUnknownKindIsRefused() {
        assertThatThrownBy(() -> Publisher.padding(10, "lorem")).isInstanceOf(ConfigException.class);
    }
}
