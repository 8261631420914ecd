package dev.herald.adapter.websocket.connection;

import java.time.Duration;

/**
 * When the server pings one connection and when it gives up on it, with time passed in. A ping is
 * due once the connection has shown no sign of life (its opening, or its last pong) for the ping
 * interval; the connection is dead when no pong came within the pong timeout after that, so a peer
 * that vanished (no FIN: a laptop asleep, a mobile network gone) is found at most interval +
 * timeout after its last pong, plus the period the check runs at ({@link Settings#checkPeriod()}).
 * Any pong counts, solicited or not: it shows the peer reads and answers. Thread-safe.
 *
 * <p>The first ping may come earlier than the interval ({@code firstPingEarlierMillis}, chosen at
 * random by the caller): connections opened together, as after a deploy's reconnect storm, would
 * otherwise all be pinged together one interval later, a burst of pings and pongs that delays
 * every delivery on the gateway at that moment. The dead-peer bound stays interval + timeout.
 */
public final class Heartbeat {

    /** What a check finds. */
    public enum Due {
        NOTHING,
        /** Send a ping now. */
        PING,
        /** No pong in time: close the connection. Reported once. */
        DEAD
    }

    /**
     * @param interval how long a connection may be quiet before it is pinged; zero turns pings off
     * @param timeout  how long after that a pong may take
     */
    public record Settings(Duration interval, Duration timeout) {

        public static final Settings DEFAULTS = new Settings(Duration.ofSeconds(25), Duration.ofSeconds(10));

        public Settings {
            if (interval.isNegative() || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("ping interval must be >= 0 and pong timeout > 0");
            }
        }

        public boolean enabled() {
            return !interval.isZero();
        }

        /** How often connections are checked: a tenth of the shorter setting, between 10 ms and 1 s. */
        public Duration checkPeriod() {
            long tenth = Math.min(interval.toMillis(), timeout.toMillis()) / 10;
            return Duration.ofMillis(Math.max(10, Math.min(1000, tenth)));
        }
    }

    private final long intervalMillis;
    private final long timeoutMillis;
    /** Quiet time after which the next ping is due: shorter before the first pong, then the interval. */
    private long pingAfterMillis;
    private long lastLifeMillis;
    private boolean pingSent;
    private boolean dead;

    public Heartbeat(Settings settings, long openedAtMillis) {
        this(settings, openedAtMillis, 0);
    }

    /** @param firstPingEarlierMillis how much sooner than the interval the first ping is due (0 to interval) */
    public Heartbeat(Settings settings, long openedAtMillis, long firstPingEarlierMillis) {
        this.intervalMillis = settings.interval().toMillis();
        this.timeoutMillis = settings.timeout().toMillis();
        this.lastLifeMillis = openedAtMillis;
        if (firstPingEarlierMillis < 0 || firstPingEarlierMillis > intervalMillis) {
            throw new IllegalArgumentException("the first ping can come 0 to " + intervalMillis + " ms early, not "
                    + firstPingEarlierMillis);
        }
        this.pingAfterMillis = intervalMillis - firstPingEarlierMillis;
    }

    public synchronized Due check(long nowMillis) {
        if (dead) {
            return Due.NOTHING;
        }
        long quiet = nowMillis - lastLifeMillis;
        if (quiet >= intervalMillis + timeoutMillis) {
            dead = true;
            return Due.DEAD;
        }
        if (quiet >= pingAfterMillis && !pingSent) {
            pingSent = true;
            return Due.PING;
        }
        return Due.NOTHING;
    }

    public synchronized void pong(long nowMillis) {
        lastLifeMillis = Math.max(lastLifeMillis, nowMillis);
        pingAfterMillis = intervalMillis;
        pingSent = false;
    }

    /** How long the peer has been silent at {@code nowMillis}, for the log line of a dead peer. */
    public synchronized long silentFor(long nowMillis) {
        return nowMillis - lastLifeMillis;
    }
}
