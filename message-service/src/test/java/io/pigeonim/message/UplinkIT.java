package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.schema.MessageRow;
import io.pigeonim.schema.StoreMapper;
import io.pigeonim.testsupport.StandInConnector;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/** The uplink as a user would notice it: stored once, in order, pushed to every device, nothing lost. */
class UplinkIT extends AbstractMessageServiceIT {

    @Autowired
    MeterRegistry meters;

    @Autowired
    StoreMapper writes;


    @Test
    void messagesAnotherConsumerStoredMeanwhileAreKeptAndTheRestGetsSeqsAfterThemInOrder() {
        String alice = uid("alice");
        String bob = uid("bob");
        List<UplinkMessage> batch = new ArrayList<>();
        for (int i = 1; i <= 6; i++) {
            batch.add(message(alice, bob, "z" + i, "message " + i));
        }
        String conversation = batch.get(0).conversationId();
        // a zombie consumer of the same partition: it allocates after this batch did and stores the first three
        SEQ.beforeNextAllocation(() -> {
            long first = SEQ.allocate(conversation, 3);
            List<MessageRow> zombie = new ArrayList<>();
            for (int i = 0; i < 3; i++) {
                zombie.add(MessageRow.of(batch.get(i), first + i));
            }
            writes.insertMessages(zombie);
        });

        produce(batch.toArray(UplinkMessage[]::new));

        await().atMost(WAIT).until(() -> rows(conversation).size() == 6);
        assertThat(rows(conversation)).as("by seq: the clientId order of the connection")
                .extracting(row -> row.get("client_msg_id")).containsExactly("z1", "z2", "z3", "z4", "z5", "z6");
        assertThat(meters.counter("pigeon.message.store.raced").count()).isPositive();
    }

    @Test
    void aFailedPushIsRetriedSoAnOnlineDeviceGetsTheLastMessageWithoutReconnecting() throws Exception {
        try (StandInConnector troubled = new StandInConnector()) {
            UplinkMessage last = message(uid("alice"), uid("bob"), "quiet-end", "the last word");
            for (String uid : ConversationId.parse(last.conversationId()).members()) {
                online(uid, "phone", troubled);
            }
            troubled.failNext(2);

            produce(last);

            await().atMost(WAIT).until(() -> troubled.pushesFor(last.conversationId()).size() == 1);
            assertThat(troubled.requests()).as("two refused, the third delivered").isEqualTo(3);
            assertThat(meters.counter("pigeon.message.pushes.retried").count()).isGreaterThanOrEqualTo(2);
            assertThat(meters.counter("pigeon.message.pushes.abandoned").count()).isZero();
        }
    }

    @Test
    void storesMessagesWithIncreasingSeqsPerConversationInKafkaOrder() {
        String alice = uid("alice");
        String bob = uid("bob");
        String carol = uid("carol");
        List<UplinkMessage> sent = new ArrayList<>();
        for (int i = 1; i <= 30; i++) {
            String sender = i % 3 == 0 ? bob : alice;
            String receiver = i % 2 == 0 ? (sender.equals(bob) ? alice : bob) : carol;
            sent.add(message(sender, receiver, "m" + i, "hello " + i));
        }
        produce(sent.toArray(UplinkMessage[]::new));

        for (String conversation : sent.stream().map(UplinkMessage::conversationId).distinct().toList()) {
            List<UplinkMessage> expected = sent.stream().filter(m -> m.conversationId().equals(conversation)).toList();
            await().atMost(WAIT).until(() -> rows(conversation).size() == expected.size());
            StoredConversation.assertStoredOnceInSendOrder(jdbc, conversation, expected);
            ConversationId id = ConversationId.parse(conversation);
            assertThat(jdbc.queryForList("SELECT uid FROM user_conversation WHERE conversation_id = ? ORDER BY uid",
                    String.class, conversation)).containsExactlyElementsOf(id.members());
        }
    }

    @Test
    void theSameMessageProducedTwiceIsStoredOnceAndPushedAgain() {
        String alice = uid("alice");
        String bob = uid("bob");
        online(alice, "phone", CONNECTOR_A);
        online(bob, "laptop", CONNECTOR_B);
        UplinkMessage hello = message(alice, bob, "c-1", "hello");

        produce(hello);
        await().atMost(WAIT).until(() -> CONNECTOR_A.pushesFor(hello.conversationId()).size() == 1);
        produce(hello, message(alice, bob, "c-2", "second"), hello);

        await().atMost(WAIT).until(() -> messageFrames(CONNECTOR_B, hello.conversationId()).size() >= 3);
        assertThat(rows(hello.conversationId())).extracting(row -> row.get("client_msg_id"))
                .containsExactly("c-1", "c-2");
        List<ServerFrame.MessageFrame> toBob = messageFrames(CONNECTOR_B, hello.conversationId());
        List<ServerFrame.MessageFrame> helloCopies = toBob.stream().filter(f -> f.msgId().equals(hello.msgId())).toList();
        assertThat(helloCopies).hasSizeGreaterThanOrEqualTo(2);
        assertThat(helloCopies).extracting(ServerFrame.MessageFrame::seq).containsOnly(helloCopies.get(0).seq());
        assertThat(helloCopies.get(0)).isEqualTo(new StoredMessage(hello.msgId(), hello.conversationId(),
                helloCopies.get(0).seq(), alice, "c-1", "text", "hello", hello.sendTime()).frame());
    }

    @Test
    void poisonRecordsGoToTheDeadLetterTopicAndLaterRecordsAreStillProcessed() {
        String alice = uid("alice");
        String bob = uid("bob");
        String mallory = uid("mallory");
        String marker = "not json " + UUID.randomUUID();
        UplinkMessage notAMember = new UplinkMessage(MessageIds.of(mallory, "x1"),
                ConversationId.direct(alice, bob).value(), mallory, "d1", "x1", "text", "intruder", 1L);
        UplinkMessage good = message(alice, bob, "after-poison", "still here");

        produceRaw(good.conversationId(), marker.getBytes(StandardCharsets.UTF_8));
        produce(notAMember, good);

        await().atMost(WAIT).until(() -> rows(good.conversationId()).size() == 1);
        assertThat(rows(good.conversationId()).get(0).get("msg_id")).isEqualTo(good.msgId());
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(2, marker, notAMember.msgId());
        assertThat(dead).extracting(r -> reason(r)).anySatisfy(reason -> assertThat(reason).contains("not an UplinkMessage"))
                .anySatisfy(reason -> assertThat(reason).contains("not a member"));
    }

    @Test
    void whileSeqServiceIsDownTheBatchIsRetriedThenStoredWithNothingSkipped() {
        String alice = uid("alice");
        String bob = uid("bob");
        int failuresBefore = SEQ.failuresServed();
        SEQ.failNext(4);
        List<UplinkMessage> sent = new ArrayList<>();
        for (int i = 1; i <= 10; i++) {
            sent.add(message(i % 2 == 0 ? alice : bob, i % 2 == 0 ? bob : alice, "r" + i, "retry " + i));
        }
        produce(sent.toArray(UplinkMessage[]::new));

        String conversation = sent.get(0).conversationId();
        await().atMost(WAIT).until(() -> rows(conversation).size() == 10);
        assertThat(SEQ.failuresServed() - failuresBefore).isEqualTo(4);
        assertThat(rows(conversation)).extracting(row -> row.get("msg_id"))
                .containsExactlyElementsOf(sent.stream().map(UplinkMessage::msgId).toList());
    }

    @Test
    void pushesReachEachConnectorInstanceWithTheUsersOnlineThere() {
        String alice = uid("alice");
        String bob = uid("bob");
        String carol = uid("carol");
        online(alice, "phone", CONNECTOR_A);
        online(alice, "browser", CONNECTOR_B);
        online(bob, "phone", CONNECTOR_B);
        staleRoute(carol, "tablet");
        UplinkMessage toBob = message(alice, bob, "p1", "to bob");
        UplinkMessage toCarol = message(alice, carol, "p2", "to carol");

        produce(toBob, toCarol);

        await().atMost(WAIT).until(() -> CONNECTOR_A.pushesFor(toCarol.conversationId()).size() == 2);
        await().atMost(WAIT).until(() -> CONNECTOR_B.pushesFor(toBob.conversationId()).size() == 1);
        assertThat(CONNECTOR_A.pushesFor(toBob.conversationId())).extracting(PushRequest.Push::uids)
                .containsExactly(List.of(alice));
        assertThat(CONNECTOR_B.pushesFor(toBob.conversationId()).get(0).uids()).containsExactlyInAnyOrder(alice, bob);
        // carol's only route points at a dead instance: she is offline, alice gets the stand-in ack
        List<PushRequest.Push> carolConversation = CONNECTOR_A.pushesFor(toCarol.conversationId());
        assertThat(carolConversation.get(0).uids()).containsExactly(alice);
        assertThat(carolConversation.get(1).frame()).isInstanceOf(ServerFrame.Delivered.class);
        assertThat(CONNECTOR_A.pushes()).noneMatch(p -> p.uids().contains(carol));
        assertThat(CONNECTOR_B.pushes()).noneMatch(p -> p.uids().contains(carol));
    }

    @Test
    void anOfflineReceiverGetsTheSenderAStandInDelivered() {
        String alice = uid("alice");
        String bob = uid("bob");
        String dave = uid("dave");
        online(alice, "phone", CONNECTOR_A);
        online(dave, "phone", CONNECTOR_A);
        UplinkMessage toOffline = message(alice, bob, "o1", "are you there?");
        UplinkMessage toOnline = message(alice, dave, "o2", "hi dave");

        produce(toOffline, toOnline);

        await().atMost(WAIT).until(() -> CONNECTOR_A.pushesFor(toOffline.conversationId()).size() == 2
                && CONNECTOR_A.pushesFor(toOnline.conversationId()).size() == 1);
        long seq = messageFrames(CONNECTOR_A, toOffline.conversationId()).get(0).seq();
        PushRequest.Push standIn = CONNECTOR_A.pushesFor(toOffline.conversationId()).get(1);
        assertThat(standIn.uids()).containsExactly(alice);
        assertThat(standIn.frame()).isEqualTo(new ServerFrame.Delivered(toOffline.conversationId(), seq, bob, true));
        assertThat(CONNECTOR_A.pushesFor(toOnline.conversationId()).get(0).frame())
                .isInstanceOf(ServerFrame.MessageFrame.class);
    }

    private static List<ServerFrame.MessageFrame> messageFrames(StandInConnector connector, String conversationId) {
        return connector.pushesFor(conversationId).stream().map(PushRequest.Push::frame)
                .filter(ServerFrame.MessageFrame.class::isInstance).map(ServerFrame.MessageFrame.class::cast).toList();
    }
}
