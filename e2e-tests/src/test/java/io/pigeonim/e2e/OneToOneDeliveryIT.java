package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.MessageIds;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** PROTOCOL.md §3: one message between two online users travels all six packets; an offline one gets the stand-in. */
@ExtendWith(PigeonSystem.class)
class OneToOneDeliveryIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void oneMessageTravelsAllSixPackets() throws Exception {
        try (TestClient alice = TestClient.device("alice-" + run, "phone").connect();
                TestClient bob = TestClient.device("bob-" + run, "laptop").connect()) {
            String conversation = ConversationId.direct(alice.uid, bob.uid).value();

            // 1 msg:R
            alice.send(new ClientFrame.Send(1L, "c-1", conversation, "text", "hello bob"));
            // 2 msg:A
            ServerFrame.SendAck sendAck = alice.await(ServerFrame.SendAck.class, a -> a.clientId() == 1);
            assertThat(sendAck.clientMsgId()).isEqualTo("c-1");
            assertThat(sendAck.conversationId()).isEqualTo(conversation);
            assertThat(sendAck.msgId()).isEqualTo(MessageIds.of(alice.uid, "c-1"));
            // 3 msg:N, to the receiver and to the sending device itself
            ServerFrame.MessageFrame received = bob.await(ServerFrame.MessageFrame.class,
                    m -> m.msgId().equals(sendAck.msgId()));
            assertThat(received.content()).isEqualTo("hello bob");
            assertThat(received.senderId()).isEqualTo(alice.uid);
            assertThat(received.clientMsgId()).isEqualTo("c-1");
            assertThat(received.contentType()).isEqualTo("text");
            assertThat(received.seq()).isPositive();
            assertThat(received.sendTime()).isPositive();
            ServerFrame.MessageFrame echo = alice.await(ServerFrame.MessageFrame.class,
                    m -> m.msgId().equals(sendAck.msgId()));
            assertThat(echo.seq()).isEqualTo(received.seq());
            // 4 ack:R
            bob.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, received.seq()))));
            // 5 ack:A
            ServerFrame.AckOk ackOk = bob.await(ServerFrame.AckOk.class, a -> true);
            assertThat(ackOk.acks()).containsExactly(new AckEntry(conversation, received.seq()));
            // 6 ack:N
            ServerFrame.Delivered delivered = alice.await(ServerFrame.Delivered.class, d -> !d.offline());
            assertThat(delivered).isEqualTo(new ServerFrame.Delivered(conversation, received.seq(), bob.uid, false));
        }
    }

    @Test
    void anOfflineReceiverMakesTheServerAnswerWithTheStandInDelivered() throws Exception {
        String carol = "carol-" + run;
        try (TestClient alice = TestClient.device("alice-" + run, "phone").connect()) {
            String conversation = ConversationId.direct(alice.uid, carol).value();
            alice.send(new ClientFrame.Send(1L, "c-offline", conversation, "text", "are you there?"));
            alice.await(ServerFrame.SendAck.class, a -> a.clientId() == 1);
            ServerFrame.MessageFrame echo = alice.await(ServerFrame.MessageFrame.class,
                    m -> m.clientMsgId().equals("c-offline"));
            ServerFrame.Delivered standIn = alice.await(ServerFrame.Delivered.class, ServerFrame.Delivered::offline);
            assertThat(standIn).isEqualTo(new ServerFrame.Delivered(conversation, echo.seq(), carol, true));
        }
    }

    @Test
    void messagesFromOneConnectionGetSeqsInClientIdOrderAndAResendStoresNothingNew() throws Exception {
        try (TestClient alice = TestClient.device("alice-" + run, "phone").connect();
                TestClient bob = TestClient.device("bob-" + run, "tablet").connect()) {
            String conversation = ConversationId.direct(alice.uid, bob.uid).value();
            for (long id = 1; id <= 20; id++) {
                alice.send(new ClientFrame.Send(id, "order-" + id, conversation, "text", "n" + id));
            }
            long previousSeq = 0;
            for (long id = 1; id <= 20; id++) {
                long expected = id;
                alice.await(ServerFrame.SendAck.class, a -> a.clientId() == expected);
                ServerFrame.MessageFrame m = bob.await(ServerFrame.MessageFrame.class,
                        f -> f.clientMsgId().equals("order-" + expected));
                assertThat(m.seq()).isGreaterThan(previousSeq);
                previousSeq = m.seq();
            }
            // a resend of clientId 20 on the same connection: the same send_ack, no second message
            alice.send(new ClientFrame.Send(20L, "order-20", conversation, "text", "n20"));
            ServerFrame.SendAck again = alice.await(ServerFrame.SendAck.class, a -> a.clientId() == 20);
            assertThat(again.msgId()).isEqualTo(MessageIds.of(alice.uid, "order-20"));
            bob.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, previousSeq))));
            bob.await(ServerFrame.AckOk.class, a -> true);
            bob.expectNone(ServerFrame.MessageFrame.class, Duration.ofSeconds(2));
        }
    }
}
