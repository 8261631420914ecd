package dev.herald.adapter.http;

import dev.herald.domain.job.Sender;

/**
 * The {@code from} field of an event a client published, the same in WebSocket frames and REST
 * pages: {@code "from":{"clientId":"...","user":"..."}}, {@code user} null when the token named none.
 */
public final class SenderJson {

    private SenderJson() {
    }

    /** Appends {@code ,"from":{...}} (with its leading comma). */
    public static void appendField(StringBuilder out, Sender from) {
        out.append(",\"from\":{\"clientId\":");
        JsonText.appendString(out, from.clientId().value());
        out.append(",\"user\":");
        if (from.user().isPresent()) {
            JsonText.appendString(out, from.user().get());
        } else {
            out.append("null");
        }
        out.append('}');
    }
}
