package io.pigeonim.common.frame;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class FrameRulesTest {

    @Test
    void countsUtf8AsTheEncoderWritesIt() {
        for (String text : new String[] {"", "hello", "café", "日本語", "😀 emoji", "a\uD83D", "\uDE00b", "\uD83D\uD83D",
                "x".repeat(16_384), "é".repeat(8_193)}) {
            assertThat(FrameRules.utf8Length(text)).as(text.length() + " chars")
                    .isEqualTo(text.getBytes(StandardCharsets.UTF_8).length);
        }
    }

    @Test
    void contentUpTo16KiBOfUtf8() {
        assertThat(FrameRules.contentViolation("x".repeat(FrameLimits.MAX_CONTENT_BYTES))).isNull();
        assertThat(FrameRules.contentViolation("€".repeat(5_462)))
                .isEqualTo("content: 16386 bytes of UTF-8 (expected: at most 16384)");
    }

    @Test
    void ackEntriesAreCheckedInOrderAndTheFirstFaultNamed() {
        assertThat(FrameRules.ackViolation(List.of(new AckEntry("p:alice:bob", 3L), new AckEntry("g:team", 0L))))
                .isNull();
        assertThat(FrameRules.ackViolation(null)).isEqualTo("acks: missing (expected: 1..1000 entries)");
        assertThat(FrameRules.ackViolation(List.of())).isEqualTo("acks: 0 entries (expected: 1..1000 entries)");
        List<AckEntry> tooMany = new ArrayList<>();
        for (int i = 0; i <= FrameLimits.MAX_ACK_ENTRIES; i++) {
            tooMany.add(new AckEntry("p:alice:bob", (long) i));
        }
        assertThat(FrameRules.ackViolation(tooMany)).isEqualTo("acks: 1001 entries (expected: 1..1000 entries)");
        List<AckEntry> withNull = new ArrayList<>();
        withNull.add(null);
        assertThat(FrameRules.ackViolation(withNull)).startsWith("acks: null entry");
        assertThat(FrameRules.ackViolation(List.of(new AckEntry("p:bob:alice", 1L)))).startsWith("conversationId: ");
        assertThat(FrameRules.ackViolation(List.of(new AckEntry("p:alice:bob", -1L))))
                .isEqualTo("seq: -1 for p:alice:bob (expected: 0..9007199254740991)");
        assertThat(FrameRules.ackViolation(List.of(new AckEntry("p:alice:bob", 1L), new AckEntry("p:alice:bob", null))))
                .isEqualTo("seq: null for p:alice:bob (expected: 0..9007199254740991)");
    }
}
