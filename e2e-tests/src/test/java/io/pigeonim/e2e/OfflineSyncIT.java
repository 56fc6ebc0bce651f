package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import tools.jackson.databind.JsonNode;

/** PROTOCOL.md §4 through the gateway: a device comes back online and pulls everything in one paged sync. */
@ExtendWith(PigeonSystem.class)
class OfflineSyncIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void anOfflineDevicePullsEveryConversationInPagesThatAcknowledgeThePageBefore() throws Exception {
        TestClient bob = TestClient.device("bob-" + run, "phone");
        String withAlice;
        String withCarol;
        try (TestClient alice = TestClient.device("alice-" + run, "phone").connect();
                TestClient carol = TestClient.device("carol-" + run, "laptop").connect()) {
            withAlice = ConversationId.direct(alice.uid, bob.uid).value();
            withCarol = ConversationId.direct(carol.uid, bob.uid).value();
            for (int i = 1; i <= 25; i++) {
                alice.send(new ClientFrame.Send((long) i, "a-" + i, withAlice, "text", "alice " + i));
            }
            for (int i = 1; i <= 15; i++) {
                carol.send(new ClientFrame.Send((long) i, "c-" + i, withCarol, "text", "carol " + i));
            }
            alice.await(ServerFrame.SendAck.class, a -> a.clientId() == 25);
            carol.await(ServerFrame.SendAck.class, a -> a.clientId() == 15);
            // bob is offline: the server answers for him (stand-in delivered)
            ServerFrame.Delivered standIn = alice.await(ServerFrame.Delivered.class, ServerFrame.Delivered::offline);
            assertThat(standIn.by()).isEqualTo(bob.uid);
            // the last message is readable once it is pushed (to the sender's own device)
            alice.await(ServerFrame.MessageFrame.class, m -> m.clientMsgId().equals("a-25"));
            carol.await(ServerFrame.MessageFrame.class, m -> m.clientMsgId().equals("c-15"));

            JsonNode summary = TestClient.json(bob.get("/api/v1/sync/summary")).get("conversations");
            assertThat(summary).hasSize(2);
            for (JsonNode c : summary) {
                int expected = c.get("conversationId").asString().equals(withAlice) ? 25 : 15;
                assertThat(c.get("unread").asInt()).isEqualTo(expected);
                assertThat(c.get("ackSeq").asLong()).isZero();
            }

            // a first page without ack, as after a crash: the same page comes again
            JsonNode first = TestClient.json(bob.get("/api/v1/sync?limit=10"));
            JsonNode again = TestClient.json(bob.get("/api/v1/sync?limit=10"));
            assertThat(ids(again)).isEqualTo(ids(first));
            // a forged token is refused and changes nothing
            String forged = first.get("next").asString() + "x";
            assertThat(bob.get("/api/v1/sync?limit=10&ack=" + URLEncoder.encode(forged, StandardCharsets.UTF_8))
                    .statusCode()).isEqualTo(400);

            Inbox inbox = new Inbox();
            int requests = inbox.sync(bob, 10);
            assertThat(requests).isEqualTo(5); // 40 messages in pages of 10, then the request acknowledging the 4th
            assertThat(inbox.copies()).isEqualTo(40);
            assertThat(inbox.conversation(withAlice)).extracting(Inbox.Message::clientMsgId)
                    .containsExactlyElementsOf(numbered("a-", 25));
            assertThat(inbox.conversation(withCarol)).extracting(Inbox.Message::clientMsgId)
                    .containsExactlyElementsOf(numbered("c-", 15));
            assertThat(TestClient.json(bob.get("/api/v1/sync/summary")).get("conversations")).isEmpty();

            // the acknowledging page told the senders (delivered, not a stand-in)
            long lastFromAlice = inbox.conversation(withAlice).get(24).seq();
            alice.await(ServerFrame.Delivered.class, d -> !d.offline() && d.seq() == lastFromAlice);
            long lastFromCarol = inbox.conversation(withCarol).get(14).seq();
            carol.await(ServerFrame.Delivered.class, d -> !d.offline() && d.seq() == lastFromCarol);
        }

        // another device of bob's has never synced: it starts from the beginning of every conversation
        TestClient tablet = TestClient.device(bob.uid, "tablet");
        Inbox fresh = new Inbox();
        fresh.sync(tablet, 200);
        assertThat(fresh.conversation(withAlice)).hasSize(25);
        assertThat(fresh.conversation(withCarol)).hasSize(15);
    }

    private static List<String> ids(JsonNode page) {
        return page.get("messages").valueStream().map(m -> m.get("msgId").asString()).toList();
    }

    private static List<String> numbered(String prefix, int n) {
        return java.util.stream.IntStream.rangeClosed(1, n).mapToObj(i -> prefix + i).toList();
    }
}
