package dev.herald.adapter.http;

import dev.herald.domain.presence.Member;

import java.util.List;

/**
 * Presence members as the contract writes them, the same over the WebSocket ({@code presence},
 * {@code join}, {@code leave}) and REST: {@code {"clientId","user","joinedAt"}}, {@code user} null
 * when the connection's token has no {@code sub} (or auth is off).
 */
public final class MembersJson {

    private MembersJson() {
    }

    /** {@code [{...}, ...]} */
    public static void appendArray(StringBuilder out, List<Member> members) {
        out.append('[');
        for (int i = 0; i < members.size(); i++) {
            if (i > 0) {
                out.append(',');
            }
            out.append('{');
            appendFields(out, members.get(i));
            out.append('}');
        }
        out.append(']');
    }

    /** {@code "clientId":...,"user":...,"joinedAt":...} without braces, to sit beside other fields. */
    public static void appendFields(StringBuilder out, Member member) {
        out.append("\"clientId\":");
        JsonText.appendString(out, member.clientId().value());
        out.append(",\"user\":");
        if (member.user().isPresent()) {
            JsonText.appendString(out, member.user().get());
        } else {
            out.append("null");
        }
        out.append(",\"joinedAt\":\"").append(WireTime.format(member.joinedAt())).append('"');
    }
}
