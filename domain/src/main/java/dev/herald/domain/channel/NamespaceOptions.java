package dev.herald.domain.channel;

import java.util.Objects;

/**
 * What the channels of one namespace allow.
 *
 * @param history       kept and replayed, or relayed live only
 * @param clientPublish clients may publish over the WebSocket (workers always may over REST)
 * @param presence      the gateway tracks who is subscribed
 * @param joinLeave     subscribers are told when others join or leave
 */
public record NamespaceOptions(History history, boolean clientPublish, boolean presence, boolean joinLeave) {

    /** v1's behaviour: durable, only workers publish, nobody tracked. */
    public static final NamespaceOptions DEFAULT = new NamespaceOptions(History.DURABLE, false, false, false);

    public NamespaceOptions {
        Objects.requireNonNull(history, "history");
    }

    public boolean durable() {
        return history == History.DURABLE;
    }

    public boolean ephemeral() {
        return history == History.NONE;
    }
}
