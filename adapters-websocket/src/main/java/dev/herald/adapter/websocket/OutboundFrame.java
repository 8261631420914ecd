package dev.herald.adapter.websocket;

/**
 * One text frame waiting to be written, with what the queue needs to account for it.
 *
 * @param publishedAtMillis for a live event, when it was published (for publish-to-send latency); else -1
 */
record OutboundFrame(String text, int bytes, long publishedAtMillis) {

    static OutboundFrame of(String text) {
        return new OutboundFrame(text, utf8Length(text), -1);
    }

    static OutboundFrame liveEvent(String text, long publishedAtMillis) {
        return new OutboundFrame(text, utf8Length(text), publishedAtMillis);
    }

    boolean isLiveEvent() {
        return publishedAtMillis >= 0;
    }

    private static int utf8Length(String text) {
        return (int) Math.min(Integer.MAX_VALUE, dev.herald.domain.job.Utf8.length(text));
    }
}
