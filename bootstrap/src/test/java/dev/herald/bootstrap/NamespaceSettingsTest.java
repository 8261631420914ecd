package dev.herald.bootstrap;

import dev.herald.domain.channel.ChannelPolicy;
import dev.herald.domain.channel.History;
import dev.herald.domain.channel.Namespace;
import dev.herald.domain.channel.NamespaceOptions;
import dev.herald.domain.job.JobId;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class NamespaceSettingsTest {

    private static ChannelPolicy policy(Map<String, String> values) {
        return GatewaySettingsFactory.from(new HeraldConfig(new MapConfig(values))).channelPolicy();
    }

    @Test
    void namespacesAndTheirOptionsAsProperties() {
        ChannelPolicy policy = policy(Map.of("herald.namespaces", "chat, game",
                "herald.namespace.chat.history", "none", "herald.namespace.chat.client-publish", "true",
                "herald.namespace.chat.presence", "TRUE", "herald.namespace.chat.join-leave", "true",
                "herald.namespace.game.client-publish", "true"));
        assertThat(policy.optionsFor(JobId.of("chat:lobby"))).isEqualTo(new NamespaceOptions(History.NONE, true, true, true));
        assertThat(policy.optionsFor(JobId.of("game:7"))).isEqualTo(new NamespaceOptions(History.DURABLE, true, false, false));
        assertThat(policy.optionsFor(JobId.of("job-1"))).isEqualTo(NamespaceOptions.DEFAULT);
    }

    @Test
    void theContractsEnvironmentVariablesWork() {
        // as Liberty's environment source shows them: the variables' own names
        ChannelPolicy policy = policy(Map.of("HERALD_NAMESPACES", "chat",
                "HERALD_NAMESPACE_CHAT_HISTORY", "none", "HERALD_NAMESPACE_CHAT_CLIENT_PUBLISH", "true",
                "HERALD_NAMESPACE_CHAT_JOIN_LEAVE", "false"));
        assertThat(policy.optionsFor(JobId.of("chat:x"))).isEqualTo(new NamespaceOptions(History.NONE, true, false, false));
    }

    @Test
    void libertysSpellingOfEnvironmentVariablesIsRead() {
        // Liberty's environment source also lists a variable under a dotted lower-case name
        ChannelPolicy policy = policy(Map.of("HERALD_NAMESPACES", "game", "herald.namespaces", "game",
                "HERALD_NAMESPACE_GAME_CLIENT_PUBLISH", "true", "herald.namespace.game.client.publish", "true"));
        assertThat(policy.optionsFor(JobId.of("game:1")).clientPublish()).isTrue();
    }

    @Test
    void noNamespaceConfiguredIsV1() {
        assertThat(policy(Map.of())).isSameAs(ChannelPolicy.v1());
        assertThat(policy(Map.of("herald.namespaces", " , "))).isSameAs(ChannelPolicy.v1());
    }

    @Test
    void aNamespaceListedWithoutOptionsGetsTheDefaults() {
        ChannelPolicy policy = policy(Map.of("herald.namespaces", "plain"));
        assertThat(policy.namespaces()).containsEntry(new Namespace("plain"), NamespaceOptions.DEFAULT);
    }

    @Test
    void anUnknownOptionStopsTheStart() {
        assertThatThrownBy(() -> policy(Map.of("herald.namespaces", "chat", "herald.namespace.chat.histroy", "none")))
                .hasMessage("Invalid configuration: herald.namespace.chat.histroy is not an option of namespace chat;"
                        + " the options are history, client-publish, presence and join-leave");
        assertThatThrownBy(() -> policy(Map.of("herald.namespaces", "chat", "HERALD_NAMESPACE_CHAT_CLIENTPUBLISH", "true")))
                .hasMessageContaining("HERALD_NAMESPACE_CHAT_CLIENTPUBLISH is not an option of namespace chat");
    }

    @Test
    void anOptionOfANamespaceNotListedStopsTheStart() {
        assertThatThrownBy(() -> policy(Map.of("HERALD_NAMESPACE_CHAT_HISTORY", "none")))
                .hasMessage("Invalid configuration: HERALD_NAMESPACE_CHAT_HISTORY is set, but its namespace is not in"
                        + " herald.namespaces (none listed)");
        assertThatThrownBy(() -> policy(Map.of("herald.namespaces", "game", "herald.namespace.chat.history", "none")))
                .hasMessageContaining("not in herald.namespaces (game)");
    }

    @Test
    void aNameThatIsNotReadAsWrittenStopsTheStart() {
        assertThatThrownBy(() -> policy(Map.of("herald.namespaces", "chat", "herald.namespace.chat.client_publish", "true")))
                .hasMessage("Invalid configuration: herald.namespace.chat.client_publish is not read; write it as"
                        + " herald.namespace.chat.client-publish or HERALD_NAMESPACE_CHAT_CLIENT_PUBLISH");
    }

    @Test
    void badValuesStopTheStart() {
        assertThatThrownBy(() -> policy(Map.of("herald.namespaces", "chat", "herald.namespace.chat.history", "ephemeral")))
                .hasMessage("Invalid configuration: herald.namespace.chat.history is \"ephemeral\", expected durable or none");
        assertThatThrownBy(() -> policy(Map.of("herald.namespaces", "chat", "herald.namespace.chat.presence", "yes")))
                .hasMessage("Invalid configuration: herald.namespace.chat.presence is \"yes\", expected true or false");
        assertThatThrownBy(() -> policy(Map.of("herald.namespaces", "chat-room")))
                .hasMessageContaining("herald.namespaces names \"chat-room\"");
        assertThatThrownBy(() -> policy(Map.of("herald.namespaces", "chat,Chat")))
                .hasMessageContaining("twice");
    }

    @Test
    void theRoomCreationLimitAndItsSeedName() {
        assertThat(policy(Map.of()).creationLimit().enabled()).isFalse();
        assertThat(policy(Map.of("MAX_ROOM_CREATES_PER_IP_PER_MIN", "10")).creationLimit().maxPerWindow()).isEqualTo(10);
        assertThat(policy(Map.of("herald.channels.max-creates-per-address-per-min", "3")).creationLimit().window())
                .isEqualTo(Duration.ofMinutes(1));
    }
}
