package io.pigeonim.common.frame;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;

import io.pigeonim.common.json.PigeonJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class FrameCodecTest {

    private static final String SEND = """
            {"type":"send","clientId":1,"clientMsgId":"9f1c-1","conversationId":"p:alice:bob",
             "contentType":"text","content":"hello","extra":"ignored"}""";

    private static final StoredMessage HELLO =
            new StoredMessage("m1", "p:alice:bob", 17, "alice", "c1", "text", "hello", 1763800000000L);
    private static final String HELLO_FIELDS = "\"msgId\":\"m1\",\"conversationId\":\"p:alice:bob\",\"seq\":17,"
            + "\"senderId\":\"alice\",\"clientMsgId\":\"c1\",\"contentType\":\"text\",\"content\":\"hello\","
            + "\"sendTime\":1763800000000";

    @Test
    void decodesASendAndIgnoresUnknownFields() {
        ClientFrame frame = FrameCodec.decodeClient(SEND);
        assertThat(frame).isEqualTo(new ClientFrame.Send(1L, "9f1c-1", "p:alice:bob", "text", "hello"));
    }

    @Test
    void decodesAckAndPing() {
        assertThat(FrameCodec.decodeClient("{\"type\":\"ack\",\"acks\":[{\"conversationId\":\"p:alice:bob\",\"seq\":17}]}"))
                .isEqualTo(new ClientFrame.Ack(List.of(new AckEntry("p:alice:bob", 17L))));
        assertThat(FrameCodec.decodeClient("{\"type\":\"ping\"}")).isEqualTo(new ClientFrame.Ping());
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', value = {
        "not json                 | hello",
        "array                    | [1,2]",
        "no type                  | {\"clientId\":1}",
        "unknown type             | {\"type\":\"shout\"}",
        "type not a string        | {\"type\":7}",
        "clientId missing         | {\"type\":\"send\",\"clientMsgId\":\"m\",\"conversationId\":\"p:a:b\",\"contentType\":\"text\",\"content\":\"x\"}",
        "clientId zero            | {\"type\":\"send\",\"clientId\":0,\"clientMsgId\":\"m\",\"conversationId\":\"p:a:b\",\"contentType\":\"text\",\"content\":\"x\"}",
        "clientId a string        | {\"type\":\"send\",\"clientId\":\"1\",\"clientMsgId\":\"m\",\"conversationId\":\"p:a:b\",\"contentType\":\"text\",\"content\":\"x\"}",
        "clientId a fraction      | {\"type\":\"send\",\"clientId\":1.5,\"clientMsgId\":\"m\",\"conversationId\":\"p:a:b\",\"contentType\":\"text\",\"content\":\"x\"}",
        "clientId above 2^53      | {\"type\":\"send\",\"clientId\":9007199254740993,\"clientMsgId\":\"m\",\"conversationId\":\"p:a:b\",\"contentType\":\"text\",\"content\":\"x\"}",
        "clientMsgId bad chars    | {\"type\":\"send\",\"clientId\":1,\"clientMsgId\":\"m m\",\"conversationId\":\"p:a:b\",\"contentType\":\"text\",\"content\":\"x\"}",
        "conversation reversed    | {\"type\":\"send\",\"clientId\":1,\"clientMsgId\":\"m\",\"conversationId\":\"p:b:a\",\"contentType\":\"text\",\"content\":\"x\"}",
        "contentType upper case   | {\"type\":\"send\",\"clientId\":1,\"clientMsgId\":\"m\",\"conversationId\":\"p:a:b\",\"contentType\":\"TEXT\",\"content\":\"x\"}",
        "content missing          | {\"type\":\"send\",\"clientId\":1,\"clientMsgId\":\"m\",\"conversationId\":\"p:a:b\",\"contentType\":\"text\"}",
        "content a number         | {\"type\":\"send\",\"clientId\":1,\"clientMsgId\":\"m\",\"conversationId\":\"p:a:b\",\"contentType\":\"text\",\"content\":5}",
        "acks missing             | {\"type\":\"ack\"}",
        "acks empty               | {\"type\":\"ack\",\"acks\":[]}",
        "ack seq negative         | {\"type\":\"ack\",\"acks\":[{\"conversationId\":\"p:a:b\",\"seq\":-1}]}",
        "ack seq missing          | {\"type\":\"ack\",\"acks\":[{\"conversationId\":\"p:a:b\"}]}",
        "ack conversation bad     | {\"type\":\"ack\",\"acks\":[{\"conversationId\":\"q:a\",\"seq\":1}]}",
        "trailing garbage         | {\"type\":\"ping\"} x",
    })
    void refusesWithBadFrame(String name, String text) {
        assertThatThrownBy(() -> FrameCodec.decodeClient(text))
                .isInstanceOfSatisfying(FrameException.class, e -> assertThat(e.code()).isEqualTo(ErrorCode.BAD_FRAME));
    }

    @Test
    void aRefusedSendCarriesItsIdsForTheErrorFrame() {
        String text = "{\"type\":\"send\",\"clientId\":7,\"clientMsgId\":\"m-7\",\"conversationId\":\"p:b:a\","
                + "\"contentType\":\"text\",\"content\":\"x\"}";
        assertThatThrownBy(() -> FrameCodec.decodeClient(text)).isInstanceOfSatisfying(FrameException.class, e -> {
            ServerFrame.Error error = ServerFrame.Error.of(e);
            assertThat(error.clientId()).isEqualTo(7L);
            assertThat(error.clientMsgId()).isEqualTo("m-7");
            assertThat(error.message()).contains("p:b:a");
        });
    }

    @Test
    void contentOver16KibOfUtf8IsTooLarge() {
        String fits = "é".repeat(FrameLimits.MAX_CONTENT_BYTES / 2);
        String over = fits + "x";
        assertThat(FrameCodec.decodeClient(send(fits))).isInstanceOf(ClientFrame.Send.class);
        assertThatThrownBy(() -> FrameCodec.decodeClient(send(over)))
                .isInstanceOfSatisfying(FrameException.class, e -> {
                    assertThat(e.code()).isEqualTo(ErrorCode.TOO_LARGE);
                    assertThat(e.getMessage()).contains("16385");
                });
    }

    @Test
    void encodesServerFramesAsOnTheWire() {
        assertThat(FrameCodec.encode(new ServerFrame.SendAck(1, "c1", "m1", "p:alice:bob")))
                .isEqualTo("{\"type\":\"send_ack\",\"clientId\":1,\"clientMsgId\":\"c1\",\"msgId\":\"m1\","
                        + "\"conversationId\":\"p:alice:bob\"}");
        assertThat(FrameCodec.encode(new ServerFrame.Delivered("p:alice:bob", 17, "bob", true)))
                .isEqualTo("{\"type\":\"delivered\",\"conversationId\":\"p:alice:bob\",\"seq\":17,\"by\":\"bob\","
                        + "\"offline\":true}");
        assertThat(FrameCodec.encode(new ServerFrame.Pong())).isEqualTo("{\"type\":\"pong\"}");
        assertThat(FrameCodec.encode(HELLO.frame())).isEqualTo("{\"type\":\"message\"," + HELLO_FIELDS + "}");
        assertThat(FrameCodec.encode(ServerFrame.Error.of(ErrorCode.OUT_OF_ORDER, "gap").withExpectedClientId(4L)))
                .isEqualTo("{\"type\":\"error\",\"code\":\"OUT_OF_ORDER\",\"message\":\"gap\",\"expectedClientId\":4}");
    }

    @Test
    void serverFramesRoundTrip() {
        List<ServerFrame> frames = List.of(
                HELLO.frame(),
                new ServerFrame.AckOk(List.of(new AckEntry("p:alice:bob", 17L))),
                new ServerFrame.Delivered("p:alice:bob", 17, "bob", false),
                ServerFrame.Error.of(ErrorCode.FORBIDDEN, "no"));
        for (ServerFrame frame : frames) {
            assertThat(FrameCodec.decodeServer(FrameCodec.encode(frame))).isEqualTo(frame);
        }
    }

    @Test
    void aStoredMessageIsTheMessageFrameWithoutItsType() {
        // sync and history pages (PROTOCOL.md §4) list exactly these bytes
        assertThat(PigeonJson.mapper().writeValueAsString(HELLO)).isEqualTo("{" + HELLO_FIELDS + "}");
        assertThat(PigeonJson.mapper().readValue("{" + HELLO_FIELDS + "}", StoredMessage.class)).isEqualTo(HELLO);
        // a client may meet the type anywhere in the object
        assertThat(FrameCodec.decodeServer("{" + HELLO_FIELDS + ",\"type\":\"message\"}")).isEqualTo(HELLO.frame());
    }

    @Test
    void clientFramesRoundTrip() {
        ClientFrame send = new ClientFrame.Send(3L, "c3", "g:team", "text", "hi");
        assertThat(FrameCodec.decodeClient(FrameCodec.encode(send))).isEqualTo(send);
    }

    private static String send(String content) {
        return FrameCodec.encode(new ClientFrame.Send(1L, "m", "p:a:b", "text", content));
    }
}
