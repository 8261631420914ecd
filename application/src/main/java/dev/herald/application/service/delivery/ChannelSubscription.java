package dev.herald.application.service.delivery;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;

/**
 * One client's subscription to one channel, as its session holds it: a {@link LiveSubscription} to
 * a durable channel (catch-up, then ordered live events), or a {@link RelaySubscription} to an
 * ephemeral one (live relayed events only).
 */
public sealed interface ChannelSubscription permits LiveSubscription, RelaySubscription {

    ClientId client();

    JobId jobId();

    /** Sends the subscription's first replies and starts delivery; call once it is in its room. */
    void start();

    /** Stops delivery: nothing more is sent for it. Idempotent. */
    void close();
}
