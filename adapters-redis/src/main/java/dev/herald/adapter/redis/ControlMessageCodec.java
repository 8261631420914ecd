package dev.herald.adapter.redis;

import dev.herald.application.port.out.ControlMessage;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;
import dev.herald.domain.operator.ConnectionInfo;
import dev.herald.domain.operator.Maintenance;
import dev.herald.domain.operator.Revocation;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * Control messages on the wire: a kind, then its fields, one per line, each URL-encoded (so an
 * operator's message can hold any character, line breaks included). Text, so {@code redis-cli}
 * shows what the cluster was told.
 */
final class ControlMessageCodec {

    private static final String MAINTENANCE = "maintenance";
    private static final String LIST = "list";
    private static final String DISCONNECT = "disconnect";
    private static final String REVOKE = "revoke";
    private static final String REPLY = "reply";
    /** A connection in a reply takes this many fields. */
    private static final int CONNECTION_FIELDS = 7;

    private ControlMessageCodec() {
    }

    static byte[] encode(ControlMessage message) {
        if (message instanceof ControlMessage.MaintenanceChanged changed) {
            return join(MAINTENANCE, encodeFields(changed.state()));
        }
        if (message instanceof ControlMessage.ListClients list) {
            return join(LIST, list.requestId(), optional(list.job().map(JobId::value)), optional(list.user()));
        }
        if (message instanceof ControlMessage.DisconnectClient disconnect) {
            return join(DISCONNECT, disconnect.requestId(), disconnect.clientId().value());
        }
        if (message instanceof ControlMessage.RevokeUser revoke) {
            return join(REVOKE, revoke.requestId(), revoke.revocation().subject(),
                    Long.toString(revoke.revocation().revokedAt().toEpochMilli()));
        }
        if (message instanceof ControlMessage.Reply reply) {
            List<String> fields = new ArrayList<>(List.of(reply.requestId(), reply.instance()));
            for (ConnectionInfo c : reply.connections()) {
                fields.addAll(List.of(c.clientId().value(), optional(c.user()), c.address(), optional(c.origin()),
                        Long.toString(c.connectedAt().toEpochMilli()),
                        String.join(",", c.subscriptions().stream().map(JobId::value).toList()), c.instance()));
            }
            return join(REPLY, fields.toArray(String[]::new));
        }
        throw new IllegalArgumentException("unknown control message " + message.getClass().getSimpleName());
    }

    /** @throws MalformedMessageException when the bytes are no control message this version knows */
    static ControlMessage decode(byte[] bytes) throws MalformedMessageException {
        List<String> fields = split(bytes);
        List<String> rest = fields.subList(1, fields.size());
        try {
            switch (fields.get(0)) {
                case MAINTENANCE:
                    return new ControlMessage.MaintenanceChanged(maintenance(rest));
                case LIST:
                    count(rest, 3);
                    return new ControlMessage.ListClients(rest.get(0), optional(rest.get(1)).map(JobId::of),
                            optional(rest.get(2)));
                case DISCONNECT:
                    count(rest, 2);
                    return new ControlMessage.DisconnectClient(rest.get(0), ClientId.of(rest.get(1)));
                case REVOKE:
                    count(rest, 3);
                    return new ControlMessage.RevokeUser(rest.get(0),
                            new Revocation(rest.get(1), Instant.ofEpochMilli(Long.parseLong(rest.get(2)))));
                case REPLY:
                    return reply(rest);
                default:
                    throw new MalformedMessageException("unknown control message kind");
            }
        } catch (RuntimeException e) {
            throw new MalformedMessageException("malformed " + fields.get(0) + " message: " + e.getMessage());
        }
    }

    /** The stored state: the same fields as a maintenance message's. */
    static byte[] encodeMaintenance(Maintenance state) {
        return encode(new ControlMessage.MaintenanceChanged(state));
    }

    static Maintenance decodeMaintenance(byte[] bytes) throws MalformedMessageException {
        if (decode(bytes) instanceof ControlMessage.MaintenanceChanged changed) {
            return changed.state();
        }
        throw new MalformedMessageException("not a maintenance state");
    }

    private static ControlMessage.Reply reply(List<String> fields) throws MalformedMessageException {
        if (fields.size() < 2 || (fields.size() - 2) % CONNECTION_FIELDS != 0) {
            throw new MalformedMessageException("malformed reply");
        }
        List<ConnectionInfo> connections = new ArrayList<>();
        for (int i = 2; i < fields.size(); i += CONNECTION_FIELDS) {
            List<String> c = fields.subList(i, i + CONNECTION_FIELDS);
            List<JobId> jobs = c.get(5).isEmpty() ? List.of()
                    : Arrays.stream(c.get(5).split(",")).map(JobId::of).toList();
            connections.add(new ConnectionInfo(ClientId.of(c.get(0)), optional(c.get(1)), c.get(2), optional(c.get(3)),
                    Instant.ofEpochMilli(Long.parseLong(c.get(4))), jobs, c.get(6)));
        }
        return new ControlMessage.Reply(fields.get(0), fields.get(1), connections);
    }

    /** An absent value is an empty field; a present one starts with {@code =} (so an empty string survives). */
    private static String optional(Optional<String> value) {
        return value.map(v -> "=" + v).orElse("");
    }

    private static Optional<String> optional(String field) {
        return field.startsWith("=") ? Optional.of(field.substring(1)) : Optional.empty();
    }

    private static void count(List<String> fields, int expected) throws MalformedMessageException {
        if (fields.size() != expected) {
            throw new MalformedMessageException("expected " + expected + " fields, got " + fields.size());
        }
    }

    private static String[] encodeFields(Maintenance state) {
        return new String[]{state.enabled() ? "on" : "off",
                state.since().map(s -> Long.toString(s.toEpochMilli())).orElse(""), state.message().orElse("")};
    }

    private static Maintenance maintenance(List<String> fields) throws MalformedMessageException {
        if (fields.size() != 3 || !(fields.get(0).equals("on") || fields.get(0).equals("off"))) {
            throw new MalformedMessageException("malformed maintenance state");
        }
        try {
            Optional<Instant> since = fields.get(1).isEmpty() ? Optional.empty()
                    : Optional.of(Instant.ofEpochMilli(Long.parseLong(fields.get(1))));
            return new Maintenance(fields.get(0).equals("on"), since, Optional.of(fields.get(2)));
        } catch (RuntimeException e) {
            throw new MalformedMessageException("malformed maintenance state: " + e.getMessage());
        }
    }

    private static byte[] join(String kind, String... fields) {
        StringBuilder out = new StringBuilder(kind);
        for (String field : fields) {
            out.append('\n').append(URLEncoder.encode(field, StandardCharsets.UTF_8));
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static List<String> split(byte[] bytes) throws MalformedMessageException {
        String text = new String(bytes, StandardCharsets.UTF_8);
        List<String> fields = new ArrayList<>();
        try {
            for (String field : text.split("\n", -1)) {
                fields.add(URLDecoder.decode(field, StandardCharsets.UTF_8));
            }
        } catch (IllegalArgumentException e) {
            throw new MalformedMessageException("malformed field encoding");
        }
        return fields;
    }
}
