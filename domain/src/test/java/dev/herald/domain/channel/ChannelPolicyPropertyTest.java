package dev.herald.domain.channel;

import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;
import org.quicktheories.core.Gen;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.quicktheories.QuickTheory.qt;
import static org.quicktheories.generators.SourceDSL.integers;
import static org.quicktheories.generators.SourceDSL.strings;

/**
 * For any valid job id: it gets a configured namespace's options exactly when the text before its
 * first {@code :} is that namespace's name, and v1's options otherwise.
 */
class ChannelPolicyPropertyTest {

    private static final String ALPHABET = "ab:.-_9Z";
    private static final NamespaceOptions RELAY = new NamespaceOptions(History.NONE, true, false, false);
    private static final NamespaceOptions ROOM = new NamespaceOptions(History.DURABLE, true, true, false);
    private static final ChannelPolicy POLICY = ChannelPolicy.of(Map.of(new Namespace("a"), RELAY,
            new Namespace("ab9"), ROOM));

    private static Gen<String> jobIds() {
        return integers().between(1, 12).flatMap(length -> strings().ascii().ofLength(length))
                .map(ChannelPolicyPropertyTest::intoAlphabet);
    }

    private static String intoAlphabet(String raw) {
        StringBuilder out = new StringBuilder();
        raw.chars().forEach(c -> out.append(ALPHABET.charAt(c % ALPHABET.length())));
        return out.toString();
    }

    @Test
    void options_follow_the_prefix_before_the_first_colon() {
        qt().withExamples(5_000).forAll(jobIds()).checkAssert(id -> {
            int colon = id.indexOf(':');
            String prefix = colon < 0 ? null : id.substring(0, colon);
            NamespaceOptions expected = "a".equals(prefix) ? RELAY : "ab9".equals(prefix) ? ROOM : NamespaceOptions.DEFAULT;
            assertThat(POLICY.optionsFor(JobId.of(id))).as(id).isEqualTo(expected);
            assertThat(POLICY.namespaceLabel(JobId.of(id))).as(id)
                    .isEqualTo(expected == NamespaceOptions.DEFAULT ? "default" : prefix);
        });
    }
}
