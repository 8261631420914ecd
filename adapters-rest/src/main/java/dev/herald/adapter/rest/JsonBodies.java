package dev.herald.adapter.rest;

import dev.herald.adapter.http.JsonText;
import dev.herald.adapter.http.MembersJson;
import dev.herald.adapter.http.SenderJson;
import dev.herald.adapter.http.WireTime;
import dev.herald.application.port.in.ChannelPresence;
import dev.herald.application.port.in.DeletedEvents;
import dev.herald.application.port.in.EventsPage;
import dev.herald.application.port.in.GatewayMetrics;
import dev.herald.application.port.in.PublishedBatch;
import dev.herald.application.port.in.PublishedEvent;
import dev.herald.domain.job.JobEvent;
import dev.herald.domain.job.JobSnapshot;

import java.util.Map;
import java.util.TreeMap;

/** The REST bodies of the contract, written directly (payloads are JSON text already). */
final class JsonBodies {

    private JsonBodies() {
    }

    /** A stored event's seq and time; a relayed one (ephemeral channel) has no seq. */
    static String published(PublishedEvent event) {
        StringBuilder out = new StringBuilder("{\"jobId\":");
        JsonText.appendString(out, event.jobId().value());
        if (event.stored()) {
            out.append(",\"seq\":").append(event.seq());
        }
        return out.append(",\"occurredAt\":\"").append(WireTime.format(event.occurredAt())).append("\"}").toString();
    }

    static String published(PublishedBatch batch) {
        StringBuilder out = new StringBuilder("{\"jobId\":");
        JsonText.appendString(out, batch.jobId().value());
        return out.append(",\"firstSeq\":").append(batch.firstSeq())
                .append(",\"lastSeq\":").append(batch.lastSeq())
                .append(",\"count\":").append(batch.count())
                .append(",\"occurredAt\":\"").append(WireTime.format(batch.occurredAt())).append("\"}").toString();
    }

    static String snapshot(JobSnapshot snapshot) {
        StringBuilder out = new StringBuilder("{\"jobId\":");
        JsonText.appendString(out, snapshot.jobId().value());
        out.append(",\"headSeq\":").append(snapshot.headSeq())
                .append(",\"eventCount\":").append(snapshot.eventCount())
                .append(",\"firstEventAt\":\"").append(WireTime.format(snapshot.firstEventAt()))
                .append("\",\"lastEventAt\":\"").append(WireTime.format(snapshot.lastEventAt()))
                .append("\",\"lastEventType\":");
        JsonText.appendString(out, snapshot.lastEventType().value());
        return out.append(",\"status\":\"").append(snapshot.status().wireName()).append("\"}").toString();
    }

    static String page(EventsPage page) {
        StringBuilder out = new StringBuilder(256);
        out.append("{\"jobId\":");
        JsonText.appendString(out, page.jobId().value());
        out.append(",\"events\":[");
        boolean first = true;
        for (JobEvent event : page.events()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            event(out, event);
        }
        return out.append("],\"nextAfterSeq\":").append(page.nextAfterSeq())
                .append(",\"hasMore\":").append(page.hasMore())
                .append(",\"firstSeq\":").append(page.firstSeq()).append('}').toString();
    }

    static String deleted(DeletedEvents deleted) {
        StringBuilder out = new StringBuilder("{\"jobId\":");
        JsonText.appendString(out, deleted.jobId().value());
        return out.append(",\"deleted\":").append(deleted.deleted()).append(",\"firstSeq\":")
                .append(deleted.firstSeq()).append(",\"headSeq\":").append(deleted.headSeq()).append('}').toString();
    }

    private static void event(StringBuilder out, JobEvent event) {
        out.append("{\"jobId\":");
        JsonText.appendString(out, event.jobId().value());
        out.append(",\"seq\":").append(event.seq()).append(",\"eventType\":");
        JsonText.appendString(out, event.eventType().value());
        out.append(",\"occurredAt\":\"").append(WireTime.format(event.occurredAt()))
                .append("\",\"payload\":").append(event.payload());
        event.from().ifPresent(from -> SenderJson.appendField(out, from));
        out.append('}');
    }

    static String presence(ChannelPresence presence) {
        StringBuilder out = new StringBuilder(64 + 96 * presence.members().size());
        out.append("{\"jobId\":");
        JsonText.appendString(out, presence.jobId().value());
        out.append(",\"count\":").append(presence.members().size()).append(",\"members\":");
        MembersJson.appendArray(out, presence.members());
        return out.append('}').toString();
    }

    static String metrics(GatewayMetrics metrics) {
        StringBuilder out = new StringBuilder(512);
        out.append("{\"activeConnections\":").append(metrics.activeConnections())
                .append(",\"totalSubscribers\":").append(metrics.totalSubscribers())
                .append(",\"subscriptionsByJob\":");
        counts(out, metrics.subscriptionsByJob());
        out.append(",\"connectionsByOrigin\":");
        counts(out, metrics.connectionsByOrigin());
        out.append(",\"rejections\":");
        counts(out, metrics.rejections());
        out.append(",\"lastCatchUp\":");
        if (metrics.lastCatchUp().isPresent()) {
            GatewayMetrics.LastCatchUp last = metrics.lastCatchUp().get();
            out.append("{\"jobId\":");
            JsonText.appendString(out, last.jobId());
            out.append(",\"eventCount\":").append(last.eventCount())
                    .append(",\"durationMs\":").append(last.durationMs())
                    .append(",\"completedAt\":\"").append(WireTime.format(last.completedAt())).append("\"}");
        } else {
            out.append("null");
        }
        out.append(",\"eventBus\":{\"connected\":").append(metrics.eventBus().connected())
                .append(",\"reconnects\":").append(metrics.eventBus().reconnects()).append('}')
                .append(",\"gapRepairs\":").append(metrics.gapRepairs())
                .append(",\"eventsPublished\":").append(metrics.eventsPublished())
                .append(",\"eventsDelivered\":").append(metrics.eventsDelivered())
                .append(",\"draining\":").append(metrics.draining())
                .append(",\"maintenance\":").append(metrics.maintenance());
        return out.append('}').toString();
    }

    private static void counts(StringBuilder out, Map<String, ? extends Number> counts) {
        out.append('{');
        boolean first = true;
        for (Map.Entry<String, ? extends Number> entry : new TreeMap<>(counts).entrySet()) {
            if (!first) {
                out.append(',');
            }
            first = false;
            JsonText.appendString(out, entry.getKey());
            out.append(':').append(entry.getValue());
        }
        out.append('}');
    }
}
