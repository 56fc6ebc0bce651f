package io.pigeonim.connector.ws;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class FrameAssemblerTest {

    private final FrameAssembler frames = new FrameAssembler(10);

    @Test
    void aFrameInOnePartPassesThroughAndPartsAreJoined() throws Exception {
        String whole = "{}";
        assertThat(frames.text(whole, true)).isSameAs(whole);
        assertThat(frames.text("ab", false)).isNull();
        assertThat(frames.text("cd", false)).isNull();
        assertThat(frames.text("e", true)).isEqualTo("abcde");
        assertThat(frames.text("x", true)).isEqualTo("x");
    }

    @Test
    void theLimitCountsUtf8BytesAcrossPartsAndAFrameOverItIsDropped() throws Exception {
        assertThat(frames.text("ééé", false)).isNull(); // 6 bytes
        assertThatThrownBy(() -> frames.text("ééé", true)).isInstanceOf(FrameAssembler.TooBigException.class);
        assertThat(frames.text("0123456789", true)).isEqualTo("0123456789");
        assertThatThrownBy(() -> frames.text("01234567890", true)).isInstanceOf(FrameAssembler.TooBigException.class);
    }

    @Test
    void binaryFramesAreCountedToTheirLastPart() throws Exception {
        assertThat(frames.binary(4, false)).isFalse();
        assertThat(frames.binary(4, true)).isTrue();
        assertThat(frames.binary(6, false)).isFalse();
        assertThatThrownBy(() -> frames.binary(6, true)).isInstanceOf(FrameAssembler.TooBigException.class);
        assertThat(frames.binary(10, true)).isTrue();
    }

    @Test
    void utf8LengthCountsBytesNotChars() {
        assertThat(FrameAssembler.utf8Length("abc")).isEqualTo(3);
        assertThat(FrameAssembler.utf8Length("é")).isEqualTo(2);
        assertThat(FrameAssembler.utf8Length("€")).isEqualTo(3);
        assertThat(FrameAssembler.utf8Length("😀")).isEqualTo(4);
    }
}
