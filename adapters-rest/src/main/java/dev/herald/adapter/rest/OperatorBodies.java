package dev.herald.adapter.rest;

import dev.herald.adapter.http.JsonText;
import dev.herald.adapter.http.WireTime;
import dev.herald.application.port.in.ClusterConnections;
import dev.herald.domain.job.JobId;
import dev.herald.domain.operator.ConnectionInfo;

import java.util.List;
import java.util.Optional;

/** The JSON of the admin API's answers about connections. */
final class OperatorBodies {

    private OperatorBodies() {
    }

    /** {@code "clients":[...],"instances":[...]} (no braces: callers add their own fields). */
    static void appendConnections(StringBuilder out, String name, ClusterConnections gathered) {
        out.append('"').append(name).append("\":[");
        List<ConnectionInfo> connections = gathered.connections();
        for (int i = 0; i < connections.size(); i++) {
            out.append(i == 0 ? "" : ",");
            connection(out, connections.get(i));
        }
        out.append("],\"instances\":[");
        for (int i = 0; i < gathered.instances().size(); i++) {
            out.append(i == 0 ? "" : ",");
            JsonText.appendString(out, gathered.instances().get(i));
        }
        out.append(']');
    }

    static void connection(StringBuilder out, ConnectionInfo c) {
        out.append("{\"clientId\":");
        JsonText.appendString(out, c.clientId().value());
        out.append(",\"user\":");
        optional(out, c.user());
        out.append(",\"address\":");
        JsonText.appendString(out, c.address());
        out.append(",\"origin\":");
        optional(out, c.origin());
        out.append(",\"connectedAt\":\"").append(WireTime.format(c.connectedAt())).append("\",\"subscriptions\":[");
        for (int i = 0; i < c.subscriptions().size(); i++) {
            out.append(i == 0 ? "" : ",");
            JsonText.appendString(out, c.subscriptions().get(i).value());
        }
        out.append("],\"instance\":");
        JsonText.appendString(out, c.instance());
        out.append('}');
    }

    private static void optional(StringBuilder out, Optional<String> value) {
        if (value.isPresent()) {
            JsonText.appendString(out, value.get());
        } else {
            out.append("null");
        }
    }

    static Optional<JobId> jobFilter(String jobId) {
        return jobId == null || jobId.isEmpty() ? Optional.empty() : Optional.of(JobId.of(jobId));
    }
}
