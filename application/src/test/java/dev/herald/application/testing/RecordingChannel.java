package dev.herald.application.testing;

import dev.herald.application.port.out.ClientChannel;
import dev.herald.application.port.out.ServerMessage;
import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.OptionalInt;
import java.util.concurrent.ConcurrentHashMap;

/** A client channel that remembers what each client was sent and how it was closed. */
public final class RecordingChannel implements ClientChannel {

    private final Map<ClientId, List<ServerMessage>> sent = new ConcurrentHashMap<>();
    private final Map<ClientId, Integer> closeCodes = new ConcurrentHashMap<>();
    private volatile boolean room = true;
    private volatile int roomForMessages = Integer.MAX_VALUE;

    @Override
    public void send(ClientId client, ServerMessage message) {
        if (closeCodes.containsKey(client)) {
            return;
        }
        List<ServerMessage> messages = sent.computeIfAbsent(client, c -> new ArrayList<>());
        synchronized (messages) {
            messages.add(message);
        }
    }

    @Override
    public void close(ClientId client, ServerMessage.Error finalError, int closeCode) {
        if (closeCodes.putIfAbsent(client, closeCode) == null) {
            List<ServerMessage> messages = sent.computeIfAbsent(client, c -> new ArrayList<>());
            synchronized (messages) {
                messages.add(finalError);
            }
        }
    }

    @Override
    public boolean hasRoom(ClientId client) {
        return room && messages(client).size() < roomForMessages;
    }

    public void setRoom(boolean room) {
        this.room = room;
    }

    /** From now on the client has room only while it has been sent fewer than {@code messages} in all. */
    public void limitRoom(int messages) {
        this.roomForMessages = messages;
    }

    public List<ServerMessage> messages(ClientId client) {
        List<ServerMessage> messages = sent.getOrDefault(client, List.of());
        synchronized (messages) {
            return List.copyOf(messages);
        }
    }

    public <T extends ServerMessage> List<T> messages(ClientId client, Class<T> type) {
        return messages(client).stream().filter(type::isInstance).map(type::cast).toList();
    }

    /** Seqs of the events the client received for one job, in the order received. */
    public List<Long> eventSeqs(ClientId client, JobId jobId) {
        return messages(client, ServerMessage.Event.class).stream()
                .filter(e -> e.event().jobId().equals(jobId))
                .map(e -> e.event().seq())
                .toList();
    }

    public List<ServerMessage.Error> errors(ClientId client) {
        return messages(client, ServerMessage.Error.class);
    }

    public OptionalInt closeCode(ClientId client) {
        Integer code = closeCodes.get(client);
        return code == null ? OptionalInt.empty() : OptionalInt.of(code);
    }

    public void forget(ClientId client) {
        sent.remove(client);
        closeCodes.remove(client);
    }
}
