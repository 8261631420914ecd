package dev.herald.adapter.redis;

/** A message on a job channel is not an event this bus can read. The message says why, never what it held. */
final class MalformedMessageException extends Exception {

    MalformedMessageException(String reason) {
        super(reason, null, false, false);
    }
}
