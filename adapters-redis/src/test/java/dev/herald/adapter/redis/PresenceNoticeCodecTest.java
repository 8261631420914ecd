package dev.herald.adapter.redis;

import dev.herald.domain.client.ClientId;
import dev.herald.domain.job.JobId;
import dev.herald.domain.presence.InstanceId;
import dev.herald.domain.presence.Member;
import dev.herald.domain.presence.Membership;
import dev.herald.domain.presence.PresenceNotice;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PresenceNoticeCodecTest {

    private static final JobId JOB = JobId.of("chat:lobby");
    private static final Instant AT = Instant.parse("2026-01-02T03:04:05.678Z");

    private static PresenceNotice notice(PresenceNotice.Kind kind, Optional<String> user) {
        return new PresenceNotice(kind, new Membership(JOB, new Member(ClientId.of("c-42"), user, AT),
                new InstanceId("inst-1"), 9));
    }

    @Test
    void roundTripsWithAndWithoutAUser() throws Exception {
        for (PresenceNotice notice : new PresenceNotice[]{
                notice(PresenceNotice.Kind.JOIN, Optional.of("Zoé  u n\n2 lines 🎲")),
                notice(PresenceNotice.Kind.LEAVE, Optional.empty()),
                notice(PresenceNotice.Kind.JOIN, Optional.of(""))}) {
            byte[] encoded = PresenceNoticeCodec.encode(notice);
            assertThat(PresenceNoticeCodec.isNotice(encoded)).isTrue();
            assertThat(PresenceNoticeCodec.decode(JOB, encoded)).isEqualTo(notice);
        }
    }

    @Test
    void eventsAreNotNotices() {
        assertThat(PresenceNoticeCodec.isNotice("H1 chat:lobby 1 t 2026-01-02T03:04:05Z\n{}"
                .getBytes(StandardCharsets.US_ASCII))).isFalse();
        assertThat(PresenceNoticeCodec.isNotice(new byte[]{'P'})).isFalse();
    }

    @Test
    void aNoticeOfAnotherJobIsRefused() {
        byte[] encoded = PresenceNoticeCodec.encode(notice(PresenceNotice.Kind.JOIN, Optional.empty()));
        assertThatThrownBy(() -> PresenceNoticeCodec.decode(JobId.of("chat:other"), encoded))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("does not match");
    }

    @ParameterizedTest
    @ValueSource(strings = {"P1 join chat:lobby", "P1 join chat:lobby\nc1", "P1 hop chat:lobby\nc1\ni 1 2 n ",
            "P1 join chat:lobby\n \ni 1 2 n ", "P1 join chat:lobby\nc1\ni x 2 n ", "P1 join chat:lobby\nc1\ni 1 2 q x",
            "P1 join chat:lobby\nc1\ni 0 2 n ", "P1 join chat:lobby\nc1\nbad/inst 1 2 n ", "P1  chat:lobby\nc1\ni 1 2 n "})
    void malformedNoticesAreRefused(String text) {
        assertThatThrownBy(() -> PresenceNoticeCodec.decode(JOB, text.getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedMessageException.class);
    }

    @Test
    void invalidUtf8IsRefused() {
        byte[] bad = {'P', '1', ' ', 'j', 'o', 'i', 'n', ' ', 'x', '\n', (byte) 0xC3, '\n', 'i'};
        assertThatThrownBy(() -> PresenceNoticeCodec.decode(JobId.of("x"), bad))
                .isInstanceOf(MalformedMessageException.class).hasMessageContaining("UTF-8");
    }
}
