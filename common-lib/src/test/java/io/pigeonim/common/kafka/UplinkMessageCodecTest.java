package io.pigeonim.common.kafka;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;

import io.pigeonim.common.id.MessageIds;
import org.junit.jupiter.api.Test;

class UplinkMessageCodecTest {

    private final UplinkMessage message = new UplinkMessage(MessageIds.of("alice", "c1"), "p:alice:bob", "alice",
            "d1", "c1", "text", "héllo", 1763800000000L);

    @Test
    void roundTrips() {
        assertThat(UplinkMessageCodec.decode(UplinkMessageCodec.encode(message))).isEqualTo(message);
    }

    @Test
    void theRecordLayoutIsTheInternalContract() {
        // docs/internal-contracts.md: every running message-service reads these bytes
        String layout = "{\"msgId\":\"" + message.msgId() + "\",\"conversationId\":\"p:alice:bob\",\"senderUid\":\"alice\","
                + "\"senderDeviceId\":\"d1\",\"clientMsgId\":\"c1\",\"contentType\":\"text\",\"content\":\"héllo\","
                + "\"sendTime\":1763800000000}";
        assertThat(new String(UplinkMessageCodec.encode(message), StandardCharsets.UTF_8)).isEqualTo(layout);
        // the name the next release may write (UplinkMessage's @implNote): readers of this one take it already
        byte[] renamed = layout.replace("\"senderUid\"", "\"senderId\"").getBytes(StandardCharsets.UTF_8);
        assertThat(UplinkMessageCodec.decode(renamed)).isEqualTo(message);
    }

    @Test
    void garbageIsMalformed() {
        assertThatThrownBy(() -> UplinkMessageCodec.decode("{oops".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> UplinkMessageCodec.decode("{}".getBytes(StandardCharsets.UTF_8)))
                .isInstanceOf(MalformedEventException.class);
        assertThatThrownBy(() -> UplinkMessageCodec.decode(null)).isInstanceOf(MalformedEventException.class);
    }

    @Test
    void aMsgIdThatDoesNotMatchItsKeyIsMalformed() {
        UplinkMessage forged = new UplinkMessage("AAAAAAAAAAAAAAAAAAAAAA", "p:alice:bob", "alice", "d1", "c1", "text",
                "x", 1L);
        assertThatThrownBy(() -> UplinkMessageCodec.decode(UplinkMessageCodec.encode(forged)))
                .isInstanceOf(MalformedEventException.class);
    }
}
