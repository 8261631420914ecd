package dev.herald.adapter.redis;

import dev.herald.application.port.out.ControlMessage;
import dev.herald.domain.operator.Maintenance;

import java.net.URLDecoder;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Control messages on the wire: a kind, then its fields, one per line, each URL-encoded (so an
 * operator's message can hold any character, line breaks included). Text, so {@code redis-cli}
 * shows what the cluster was told.
 */
final class ControlMessageCodec {

    private static final String MAINTENANCE = "maintenance";

    private ControlMessageCodec() {
    }

    static byte[] encode(ControlMessage message) {
        if (message instanceof ControlMessage.MaintenanceChanged changed) {
            return join(MAINTENANCE, encodeFields(changed.state()));
        }
        throw new IllegalArgumentException("unknown control message " + message.getClass().getSimpleName());
    }

    /** @throws MalformedMessageException when the bytes are no control message this version knows */
    static ControlMessage decode(byte[] bytes) throws MalformedMessageException {
        List<String> fields = split(bytes);
        if (fields.get(0).equals(MAINTENANCE)) {
            return new ControlMessage.MaintenanceChanged(maintenance(fields.subList(1, fields.size())));
        }
        throw new MalformedMessageException("unknown control message kind");
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
