package dev.herald.domain.presence;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

/** One client in one channel: what versions are compared under. */
record MemberKey(JobId jobId, ClientId clientId) {
}
