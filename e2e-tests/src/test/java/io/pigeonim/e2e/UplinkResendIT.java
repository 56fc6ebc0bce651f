package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.id.MessageIds;
import tools.jackson.databind.JsonNode;

/**
 * PROTOCOL.md §3 idempotency end to end: the same (sender, clientMsgId) is one stored message whether it
 * is resent after a reconnect (possibly to another connector instance) or raced by two devices at once.
 */
@ExtendWith(PigeonSystem.class)
class UplinkResendIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void aResendAfterAReconnectIsAnsweredWithTheSameMsgIdAndStoredOnce() throws Exception {
        TestClient bob = TestClient.device("bob-" + run, "phone");
        String conversation;
        ServerFrame.SendAck first;
        try (TestClient alice = TestClient.device("alice-" + run, "phone").connect()) {
            conversation = ConversationId.direct(alice.uid, bob.uid).value();
            alice.send(new ClientFrame.Send(1L, "r-1", conversation, "text", "hello"));
            first = alice.await(ServerFrame.SendAck.class, a -> a.clientId() == 1);
        }
        // the app did not see the send_ack (say the network dropped it): on the new connection it resends
        // with the same clientMsgId and the new connection's first clientId
        try (TestClient alice = TestClient.device("alice-" + run, "phone").connect()) {
            alice.send(new ClientFrame.Send(1L, "r-1", conversation, "text", "hello"));
            ServerFrame.SendAck again = alice.await(ServerFrame.SendAck.class, a -> a.clientId() == 1);
            assertThat(again.msgId()).isEqualTo(first.msgId());
            alice.send(new ClientFrame.Send(2L, "r-2", conversation, "text", "marker"));
            alice.await(ServerFrame.SendAck.class, a -> a.clientId() == 2);
        }
        assertThat(historyOnceTheMarkerIsStored(bob, conversation, "r-2")).containsExactly("r-1", "r-2");
    }

    @Test
    void twoDevicesResendingTheSameMessageAtOnceStoreItOnce() throws Exception {
        // one user, two devices with a shared outbox (a synced draft): both send the same clientMsgId at once
        try (TestClient phone = TestClient.device("alice-" + run, "phone").connect();
                TestClient laptop = TestClient.device("alice-" + run, "laptop").connect()) {
            TestClient bob = TestClient.device("bob-" + run, "phone");
            String conversation = ConversationId.direct(phone.uid, bob.uid).value();
            for (int round = 1; round <= 5; round++) {
                ClientFrame.Send send = new ClientFrame.Send((long) round, "race-" + round, conversation, "text", "both");
                CompletableFuture.allOf(CompletableFuture.runAsync(() -> phone.send(send)),
                        CompletableFuture.runAsync(() -> laptop.send(send))).join();
            }
            for (int round = 1; round <= 5; round++) {
                long clientId = round;
                String expected = MessageIds.of(phone.uid, "race-" + round);
                assertThat(phone.await(ServerFrame.SendAck.class, a -> a.clientId() == clientId).msgId()).isEqualTo(expected);
                assertThat(laptop.await(ServerFrame.SendAck.class, a -> a.clientId() == clientId).msgId()).isEqualTo(expected);
            }
            phone.send(new ClientFrame.Send(6L, "marker", conversation, "text", "marker"));
            phone.await(ServerFrame.SendAck.class, a -> a.clientId() == 6);
            assertThat(historyOnceTheMarkerIsStored(bob, conversation, "marker"))
                    .containsExactly("race-1", "race-2", "race-3", "race-4", "race-5", "marker");
        }
    }

    /** The clientMsgIds of the conversation's history, read once {@code marker} (sent last) is stored. */
    private static List<String> historyOnceTheMarkerIsStored(TestClient reader, String conversation, String marker) {
        JsonNode history = await().atMost(Duration.ofSeconds(15)).until(
                () -> TestClient.json(reader.get("/api/v1/conversations/" + conversation + "/messages?afterSeq=0&limit=200")),
                page -> page.get("messages").valueStream().anyMatch(m -> m.get("clientMsgId").asString().equals(marker)));
        return history.get("messages").valueStream().map(m -> m.get("clientMsgId").asString()).toList();
    }
}
