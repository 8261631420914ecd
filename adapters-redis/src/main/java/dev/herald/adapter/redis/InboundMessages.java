package dev.herald.adapter.redis;

import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.PresenceNotice;

import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Turns what arrives on the subscriber connection into events for the listeners. Anything that is
 * not a well-formed event of the channel's job is counted and logged (reason and size, never the
 * content) and dropped: a stray publisher must not take the subscriber thread down.
 */
final class InboundMessages {

    private static final System.Logger LOG = System.getLogger(InboundMessages.class.getName());
    /** Logs the first few in full, then every thousandth, so a flood cannot flood the log too. */
    private static final int LOG_FIRST = 10;
    private static final int LOG_EVERY = 1_000;

    private final SubscriptionTable table;
    private final BusMetrics metrics;
    private final List<Consumer<PresenceNotice>> presenceListeners;

    /** @param presenceListeners read at each notice: listeners added later get the later notices */
    InboundMessages(SubscriptionTable table, BusMetrics metrics, List<Consumer<PresenceNotice>> presenceListeners) {
        this.table = table;
        this.metrics = metrics;
        this.presenceListeners = presenceListeners;
    }

    void receive(String channel, byte[] message) {
        JobEventCodec.Decoded decoded;
        try {
            if (table.deliverControl(channel, message)) {
                return;
            }
            Optional<JobId> job = JobChannels.jobOf(channel);
            if (job.isEmpty()) {
                throw new MalformedMessageException("not a job channel");
            }
            if (PresenceNoticeCodec.isNotice(message)) {
                deliver(PresenceNoticeCodec.decode(job.get(), message));
                return;
            }
            decoded = JobEventCodec.decodeAny(job.get(), message);
        } catch (MalformedMessageException | RuntimeException e) {
            malformed(channel, message, e.getMessage());
            return;
        }
        if (decoded instanceof JobEventCodec.Stored stored) {
            table.deliver(channel, stored.event());
        } else if (decoded instanceof JobEventCodec.Relayed relayed) {
            table.deliver(channel, relayed.event());
        }
    }

    private void deliver(PresenceNotice notice) {
        for (Consumer<PresenceNotice> listener : presenceListeners) {
            try {
                listener.accept(notice);
            } catch (RuntimeException e) {
                // a listener's bug must neither starve the others nor kill the subscriber thread
                LOG.log(System.Logger.Level.ERROR, "Presence listener failed for job " + notice.membership().jobId(), e);
            }
        }
    }

    private void malformed(String channel, byte[] message, String reason) {
        long count = metrics.malformedMessage();
        if (count <= LOG_FIRST || count % LOG_EVERY == 0) {
            LOG.log(System.Logger.Level.WARNING, "Ignored a malformed message on Redis channel " + printable(channel)
                    + " (" + message.length + " bytes): " + reason + "; malformed messages so far: " + count);
        }
    }

    /** Channel names come from the broker: keep a hostile one from forging log lines. */
    private static String printable(String channel) {
        String shown = channel.length() > 200 ? channel.substring(0, 200) + "..." : channel;
        return shown.replaceAll("[^\\x20-\\x7e]", "?");
    }
}
