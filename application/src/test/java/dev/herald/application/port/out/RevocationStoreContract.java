package dev.herald.application.port.out;

import dev.herald.domain.operator.Revocation;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * What every {@link RevocationStore} adapter must do; each adapter's test extends it. Subjects are
 * made unique per test, so a store shared by the tests of a class stays usable.
 */
public abstract class RevocationStoreContract {

    protected static final Instant T0 = Instant.parse("2026-01-02T03:04:05.678Z");

    /** A store, empty of the subjects this test uses. */
    protected abstract RevocationStore store();

    /** The same store as a restarted instance opens it ({@link #store()} again for one that keeps nothing). */
    protected abstract RevocationStore reopened();

    protected abstract boolean durable();

    private static String subject(String name) {
        return name + "-" + System.nanoTime();
    }

    @Test
    void aRecordedRevocationIsReadBackToTheMillisecond() {
        String alice = subject("alice");
        Revocation revocation = new Revocation(alice, T0);
        store().record(revocation);
        assertThat(store().all()).contains(revocation);
    }

    @Test
    void theLatestRevocationOfASubjectWins() {
        String bob = subject("bob");
        RevocationStore store = store();
        Revocation later = new Revocation(bob, T0.plus(Duration.ofHours(1)));
        store.record(new Revocation(bob, T0));
        store.record(later);
        store.record(new Revocation(bob, T0.plus(Duration.ofMinutes(5))));
        assertThat(store.all().stream().filter(r -> r.subject().equals(bob)).toList()).containsExactly(later);
    }

    @Test
    void subjectsWithAnyCharactersAreKeptApart() {
        String odd = subject("o\tdd/\"sub\"\nü %");
        String other = subject("other");
        store().record(new Revocation(odd, T0));
        store().record(new Revocation(other, T0.plusSeconds(1)));
        assertThat(store().all()).contains(new Revocation(odd, T0), new Revocation(other, T0.plusSeconds(1)));
    }

    @Test
    void aReopenedStoreStillHasThem() {
        String carol = subject("carol");
        store().record(new Revocation(carol, T0));
        if (durable()) {
            assertThat(reopened().all()).contains(new Revocation(carol, T0));
        }
    }
}
