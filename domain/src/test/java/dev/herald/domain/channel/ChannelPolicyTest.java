package dev.herald.domain.channel;

import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ChannelPolicyTest {

    private static final NamespaceOptions CHAT = new NamespaceOptions(History.NONE, true, true, true);
    private static final NamespaceOptions GAME = new NamespaceOptions(History.DURABLE, true, false, false);

    private final ChannelPolicy policy = ChannelPolicy.of(Map.of(
            new Namespace("chat"), CHAT, new Namespace("game"), GAME));

    @Test
    void the_namespace_is_the_part_before_the_first_colon() {
        assertThat(policy.optionsFor(JobId.of("chat:lobby"))).isEqualTo(CHAT);
        assertThat(policy.optionsFor(JobId.of("chat:room:42"))).isEqualTo(CHAT);
        assertThat(policy.optionsFor(JobId.of("game:7"))).isEqualTo(GAME);
        assertThat(policy.configuredNamespace(JobId.of("chat:room:42"))).contains(new Namespace("chat"));
    }

    @Test
    void ids_without_a_configured_namespace_behave_as_v1() {
        for (String id : new String[] {"job-1", "chatlobby", "other:lobby", ":lobby", "chat.x:lobby", "Chat:lobby",
                "chat-room:1"}) {
            assertThat(policy.optionsFor(JobId.of(id))).as(id).isEqualTo(NamespaceOptions.DEFAULT);
            assertThat(policy.namespaceLabel(JobId.of(id))).as(id).isEqualTo("default");
        }
        assertThat(NamespaceOptions.DEFAULT).isEqualTo(new NamespaceOptions(History.DURABLE, false, false, false));
    }

    @Test
    void with_no_namespace_configured_every_channel_is_v1() {
        assertThat(ChannelPolicy.of(Map.of())).isSameAs(ChannelPolicy.v1());
        assertThat(ChannelPolicy.v1().optionsFor(JobId.of("chat:lobby"))).isEqualTo(NamespaceOptions.DEFAULT);
        assertThat(ChannelPolicy.v1().anyEphemeral()).isFalse();
        assertThat(policy.anyEphemeral()).isTrue();
    }

    @Test
    void a_colon_right_after_the_namespace_with_nothing_after_is_still_that_namespace() {
        assertThat(policy.optionsFor(JobId.of("chat:"))).isEqualTo(CHAT);
        assertThat(policy.namespaceLabel(JobId.of("game:"))).isEqualTo("game");
    }

    @Test
    void namespace_names_are_letters_and_digits() {
        assertThat(new Namespace("Chat2").name()).isEqualTo("Chat2");
        for (String bad : new String[] {"", "chat-room", "chat.x", "chat:", "chat_x", "ch at", "é"}) {
            assertThatThrownBy(() -> new Namespace(bad)).as(bad).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("[A-Za-z0-9]+");
        }
        assertThatThrownBy(() -> new Namespace(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void history_reads_its_configuration_names() {
        assertThat(History.fromConfig("none")).contains(History.NONE);
        assertThat(History.fromConfig(" Durable ")).contains(History.DURABLE);
        assertThat(History.fromConfig("ephemeral")).isEmpty();
        assertThat(History.NONE.configName()).isEqualTo("none");
    }
}
