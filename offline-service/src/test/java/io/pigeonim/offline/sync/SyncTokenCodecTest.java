package io.pigeonim.offline.sync;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.web.ApiException;
import io.pigeonim.offline.api.Caller;

class SyncTokenCodecTest {

    private static final byte[] SECRET = "a-test-secret-of-at-least-32-bytes!!".getBytes(StandardCharsets.UTF_8);
    private static final Instant T0 = Instant.parse("2026-11-22T10:00:00Z");
    private static final Caller ALICE_D1 = new Caller("alice", "d1");
    private static final List<AckEntry> ACKS = List.of(new AckEntry("g:team", 40L), new AckEntry("p:alice:bob", 17L));

    private static SyncTokenCodec at(Instant now) {
        return new SyncTokenCodec(SECRET, Duration.ofHours(24), Clock.fixed(now, ZoneOffset.UTC));
    }

    @Test
    void a_token_gives_back_exactly_its_acks_to_its_user_and_device() {
        String token = at(T0).issue(ALICE_D1, ACKS);

        assertThat(token).matches("[A-Za-z0-9_-]+");
        assertThat(at(T0.plusSeconds(3600)).verify(token, ALICE_D1)).isEqualTo(ACKS);
    }

    @Test
    void another_device_or_user_cannot_use_it() {
        String token = at(T0).issue(ALICE_D1, ACKS);

        assertRefused(() -> at(T0).verify(token, new Caller("alice", "d2")));
        assertRefused(() -> at(T0).verify(token, new Caller("bob", "d1")));
    }

    @Test
    void every_single_bit_flip_is_refused() {
        byte[] raw = Base64.getUrlDecoder().decode(at(T0).issue(ALICE_D1, ACKS));
        for (int i = 0; i < raw.length; i++) {
            for (int bit = 0; bit < 8; bit++) {
                byte[] edited = raw.clone();
                edited[i] ^= (byte) (1 << bit);
                String token = Base64.getUrlEncoder().withoutPadding().encodeToString(edited);
                assertRefused(() -> at(T0).verify(token, ALICE_D1));
            }
        }
    }

    @Test
    void a_token_signed_with_another_secret_is_refused() {
        SyncTokenCodec other = new SyncTokenCodec("another-secret-of-at-least-32-bytes!".getBytes(StandardCharsets.UTF_8),
                Duration.ofHours(24), Clock.fixed(T0, ZoneOffset.UTC));
        String token = other.issue(ALICE_D1, ACKS);

        assertRefused(() -> at(T0).verify(token, ALICE_D1));
    }

    @Test
    void stale_and_future_tokens_are_refused() {
        String token = at(T0).issue(ALICE_D1, ACKS);

        assertRefused(() -> at(T0.plus(Duration.ofHours(24)).plusSeconds(1)).verify(token, ALICE_D1));
        assertRefused(() -> at(T0.minus(Duration.ofMinutes(5))).verify(token, ALICE_D1));
    }

    @Test
    void garbage_is_refused() {
        for (String garbage : List.of("", "x", "not base64!", "AAAA", "A".repeat(200), "A".repeat(SyncTokenCodec.MAX_TOKEN_CHARS + 1))) {
            assertRefused(() -> at(T0).verify(garbage, ALICE_D1));
        }
    }

    @Test
    void a_page_across_two_hundred_conversations_stays_a_few_kib() {
        List<AckEntry> acks = new ArrayList<>();
        for (int i = 0; i < 200; i++) {
            acks.add(new AckEntry("p:alice:friend-number-" + (1000 + i), 1_000_000L + i));
        }
        String token = at(T0).issue(ALICE_D1, acks);

        assertThat(token.length()).isLessThan(2048);
        assertThat(at(T0).verify(token, ALICE_D1)).isEqualTo(acks);
    }

    private static void assertRefused(Runnable verify) {
        assertThatThrownBy(verify::run).isInstanceOfSatisfying(ApiException.class,
                e -> assertThat(e.status().value()).isEqualTo(400));
    }
}
