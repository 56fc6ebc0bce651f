package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;

import io.pigeonim.common.redis.RedisKeys;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.FrameLimits;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.TestInfra;

/** msg:R → msg:A over a real socket, with the uplink read back from real Kafka. */
class UplinkIT extends ConnectorItSupport {

    private static UplinkRecords uplink;

    @Autowired
    StringRedisTemplate redis;

    @BeforeAll
    static void consume() {
        uplink = new UplinkRecords(TestInfra.kafkaBootstrapServers(), TOPIC);
    }

    @AfterAll
    static void stop() {
        uplink.close();
    }

    @Test
    void sendIsAcknowledgedOnceOnTheTopicKeyedByConversation() {
        String alice = uid("alice");
        String conversation = ConversationId.direct(alice, uid("bob")).value();
        try (TestSocket device = connect(alice, "d1")) {
            device.sendMessage(1, "m-1", conversation, "hello");

            ServerFrame.SendAck ack = (ServerFrame.SendAck) device.next();
            assertThat(ack).isEqualTo(new ServerFrame.SendAck(1, "m-1", MessageIds.of(alice, "m-1"), conversation));
            List<UplinkRecords.Published> published = uplink.await(p -> p.message().senderId().equals(alice), 1);
            assertThat(published).hasSize(1);
            assertThat(published.get(0).key()).isEqualTo(conversation);
            assertThat(published.get(0).message().msgId()).isEqualTo(ack.msgId());
            assertThat(published.get(0).message().senderDeviceId()).isEqualTo("d1");
            assertThat(published.get(0).message().content()).isEqualTo("hello");
            assertThat(published.get(0).message().sendTime()).isPositive();
        }
    }

    @Test
    void aResendIsAnsweredWithTheSameSendAckAndNothingIsPublishedAgain() {
        String alice = uid("alice");
        String conversation = ConversationId.direct(alice, uid("bob")).value();
        try (TestSocket device = connect(alice, "d1")) {
            device.sendMessage(1, "m-1", conversation, "hello");
            ServerFrame first = device.next();
            device.sendMessage(1, "m-1", conversation, "hello");
            ServerFrame again = device.next();
            device.sendMessage(2, "m-2", conversation, "marker");
            assertThat(device.next()).isInstanceOf(ServerFrame.SendAck.class);

            assertThat(again).isEqualTo(first);
            // same conversation, same partition: the marker comes after any republished copy
            uplink.await(p -> p.message().clientMsgId().equals("m-2") && p.message().senderId().equals(alice), 1);
            assertThat(uplink.settle(p -> p.message().senderId().equals(alice), Duration.ofSeconds(1)))
                    .extracting(p -> p.message().clientMsgId()).containsExactly("m-1", "m-2");
        }
    }

    @Test
    void aGapIsRefusedWithTheExpectedClientIdAndDoesNotUseItUp() {
        String alice = uid("alice");
        String conversation = ConversationId.direct(alice, uid("bob")).value();
        try (TestSocket device = connect(alice, "d1")) {
            device.sendMessage(1, "m-1", conversation, "one");
            assertThat(device.next()).isInstanceOf(ServerFrame.SendAck.class);

            device.sendMessage(3, "m-3", conversation, "three");
            ServerFrame.Error gap = (ServerFrame.Error) device.next();
            assertThat(gap.code()).isEqualTo(ErrorCode.OUT_OF_ORDER);
            assertThat(gap.expectedClientId()).isEqualTo(2L);
            assertThat(gap.clientId()).isEqualTo(3L);

            device.sendMessage(2, "m-2", conversation, "two");
            assertThat(((ServerFrame.SendAck) device.next()).clientId()).isEqualTo(2);
        }
    }

    @Test
    void aResendThatDoesNotMatchItsClientIdIsABadFrame() {
        String alice = uid("alice");
        String conversation = ConversationId.direct(alice, uid("bob")).value();
        try (TestSocket device = connect(alice, "d1")) {
            device.sendMessage(1, "m-1", conversation, "one");
            assertThat(device.next()).isInstanceOf(ServerFrame.SendAck.class);
            device.sendMessage(1, "other", conversation, "one");
            assertThat(((ServerFrame.Error) device.next()).code()).isEqualTo(ErrorCode.BAD_FRAME);
        }
    }

    @Test
    void aForeignConversationIsForbiddenWithoutUsingTheClientId() {
        String alice = uid("alice");
        try (TestSocket device = connect(alice, "d1")) {
            device.sendMessage(1, "m-1", ConversationId.direct(uid("bob"), uid("carol")).value(), "psst");
            ServerFrame.Error forbidden = (ServerFrame.Error) device.next();
            assertThat(forbidden.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(forbidden.clientId()).isEqualTo(1L);
            assertThat(forbidden.clientMsgId()).isEqualTo("m-1");

            device.sendMessage(1, "m-3", ConversationId.direct(alice, uid("bob")).value(), "hi");
            assertThat(((ServerFrame.SendAck) device.next()).clientId()).isEqualTo(1);
        }
    }

    @Test
    void aGroupSendIsCheckedAgainstTheMemberSetInRedisWithoutAskingMessageService() {
        String alice = uid("alice");
        String members = "g:team-" + uid("x");
        String strangers = "g:club-" + uid("x");
        redis.opsForSet().add(RedisKeys.members(members), alice, "bob");
        redis.opsForSet().add(RedisKeys.members(strangers), "bob");
        redis.expire(RedisKeys.members(members), Duration.ofMinutes(5));
        redis.expire(RedisKeys.members(strangers), Duration.ofMinutes(5));
        MESSAGE_SERVICE.memberChecks().clear();
        try (TestSocket device = connect(alice, "d1")) {
            device.sendMessage(1, "m-1", strangers, "let me in");
            ServerFrame.Error forbidden = (ServerFrame.Error) device.next();
            assertThat(forbidden.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(forbidden.clientId()).isEqualTo(1L);

            device.sendMessage(1, "m-2", members, "hi all");
            assertThat(((ServerFrame.SendAck) device.next()).conversationId()).isEqualTo(members);
            uplink.await(p -> p.message().senderId().equals(alice) && p.key().equals(members), 1);
        }
        assertThat(MESSAGE_SERVICE.memberChecks()).isEmpty();
    }

    @Test
    void withoutAMemberSetMessageServiceDecides() {
        String alice = uid("alice");
        try (TestSocket device = connect(alice, "d1")) {
            device.sendMessage(1, "m-1", "g:gone-" + uid("x"), "anyone?");
            assertThat(((ServerFrame.Error) device.next()).code()).isEqualTo(ErrorCode.NOT_FOUND);
            device.sendMessage(1, "m-2", "g:closed-" + uid("x"), "let me in");
            assertThat(((ServerFrame.Error) device.next()).code()).isEqualTo(ErrorCode.FORBIDDEN);
            device.sendMessage(1, "m-3", "g:down-" + uid("x"), "hello?");
            ServerFrame.Error unavailable = (ServerFrame.Error) device.next();
            assertThat(unavailable.code()).isEqualTo(ErrorCode.UNAVAILABLE);
            assertThat(unavailable.clientId()).isEqualTo(1L);

            String open = "g:open-" + uid("x");
            device.sendMessage(1, "m-4", open, "hi all");
            assertThat(((ServerFrame.SendAck) device.next()).clientId()).isEqualTo(1);
            assertThat(MESSAGE_SERVICE.memberChecks()).anyMatch(path ->
                    path.equals("/internal/v1/conversations/" + open + "/members/" + alice));
        }
    }

    @Test
    void badFramesAreAnsweredWithErrorsAndLeaveTheConnectionOpen() {
        try (TestSocket device = connect(uid("alice"), "d1")) {
            device.send("not json");
            device.send("{\"type\":\"shout\"}");
            device.send("{\"type\":\"send\",\"clientId\":1}");
            device.send("{\"type\":\"ack\",\"acks\":[]}");
            device.sendBinary(new byte[] {1, 2, 3});
            for (int i = 0; i < 5; i++) {
                assertThat(((ServerFrame.Error) device.next()).code()).isEqualTo(ErrorCode.BAD_FRAME);
            }
            device.send("{\"type\":\"ping\"}");
            assertThat(device.next()).isInstanceOf(ServerFrame.Pong.class);
            assertThat(device.isClosed()).isFalse();
        }
    }

    @Test
    void aFloodOfBadFramesClosesWith1008() {
        try (TestSocket device = connect(uid("alice"), "d1")) {
            for (int i = 0; i < 21; i++) {
                device.send("nope");
            }
            assertThat(device.awaitClose().code()).isEqualTo(1008);
        }
    }

    @Test
    void aFrameOfExactly64KiBIsReadWholeThoughTheBuffersAreFarSmaller() {
        try (TestSocket device = connect(uid("alice"), "d1")) {
            String head = "{\"type\":\"ping\",\"pad\":\"";
            String tail = "\"}";
            // 3-byte characters across Tomcat's 512-byte parts, then ASCII up to exactly 65,536 bytes of UTF-8
            String wide = "€".repeat(10_000);
            String pad = wide + "x".repeat(FrameLimits.MAX_FRAME_BYTES - head.length() - tail.length() - 30_000);
            String frame = head + pad + tail;
            assertThat(frame.getBytes(StandardCharsets.UTF_8)).hasSize(FrameLimits.MAX_FRAME_BYTES);
            device.send(frame);
            assertThat(device.next()).isInstanceOf(ServerFrame.Pong.class);
            // a binary frame of the limit is read to its end and refused as a bad frame; one byte more closes
            device.sendBinary(new byte[FrameLimits.MAX_FRAME_BYTES]);
            assertThat(((ServerFrame.Error) device.next()).code()).isEqualTo(ErrorCode.BAD_FRAME);
            device.send("{\"type\":\"ping\"}");
            assertThat(device.next()).isInstanceOf(ServerFrame.Pong.class);
            device.sendBinary(new byte[FrameLimits.MAX_FRAME_BYTES + 1]);
            assertThat(device.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void aFrameOver64KiBClosesWith1009() {
        String alice = uid("alice");
        try (TestSocket device = connect(alice, "d1")) {
            String content = "x".repeat(64 * 1024);
            device.send("{\"type\":\"send\",\"clientId\":1,\"clientMsgId\":\"m\",\"conversationId\":\"p:a:b\","
                    + "\"contentType\":\"text\",\"content\":\"" + content + "\"}");
            assertThat(device.awaitClose().code()).isEqualTo(1009);
        }
        try (TestSocket device = connect(alice, "d2")) {
            // under 64 Ki chars but over 64 KiB of UTF-8: closed by the connector's own check
            device.send("{\"type\":\"ping\",\"pad\":\"" + "é".repeat(40 * 1024) + "\"}");
            assertThat(device.awaitClose().code()).isEqualTo(1009);
        }
    }

    @Test
    void contentOver16KiBIsTooLargeAndTheConnectionStaysOpen() {
        String alice = uid("alice");
        try (TestSocket device = connect(alice, "d1")) {
            device.sendMessage(1, "m-1", ConversationId.direct(alice, uid("bob")).value(), "x".repeat(16 * 1024 + 1));
            ServerFrame.Error error = (ServerFrame.Error) device.next();
            assertThat(error.code()).isEqualTo(ErrorCode.TOO_LARGE);
            assertThat(error.clientId()).isEqualTo(1L);
            device.send("{\"type\":\"ping\"}");
            assertThat(device.next()).isInstanceOf(ServerFrame.Pong.class);
        }
    }

    @Test
    void aThousandPipelinedSendsAreAcknowledgedInClientIdOrder() {
        String alice = uid("alice");
        String bob = uid("bob");
        String carol = uid("carol");
        try (TestSocket device = connect(alice, "d1")) {
            for (int i = 1; i <= 1000; i++) {
                String conversation = ConversationId.direct(alice, i % 2 == 0 ? bob : carol).value();
                device.sendMessage(i, "m-" + i, conversation, "message " + i);
            }
            for (int i = 1; i <= 1000; i++) {
                ServerFrame frame = device.next(Duration.ofSeconds(30));
                assertThat(frame).isInstanceOf(ServerFrame.SendAck.class);
                assertThat(((ServerFrame.SendAck) frame).clientId()).isEqualTo(i);
            }
            assertThat(uplink.await(p -> p.message().senderId().equals(alice), 1000)).hasSize(1000);
        }
    }
}
