package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import tools.jackson.databind.JsonNode;

/**
 * PROTOCOL.md §5 through the gateway, members spread over the connector instances: one order for every
 * member device, offline members syncing through their cursor, a clean boundary when members join or leave,
 * and nothing for outsiders.
 */
@ExtendWith(PigeonSystem.class)
class GroupChatIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @Test
    void membersSeeOneOrderOfflineMembersSyncItAndJoinAndLeaveAreCleanBoundaries() throws Exception {
        try (TestClient alice = TestClient.device("alice-" + run, "phone").connect();
                TestClient bob = TestClient.device("bob-" + run, "phone").connect();
                TestClient carol = TestClient.device("carol-" + run, "laptop").connect();
                TestClient eve = TestClient.device("eve-" + run, "phone").connect()) {
            TestClient dave = TestClient.device("dave-" + run, "tablet");
            JsonNode created = TestClient.json(alice.post("/api/v1/groups", "{\"name\":\"team\",\"members\":[\""
                    + bob.uid + "\",\"" + carol.uid + "\",\"" + dave.uid + "\"]}"));
            String groupId = created.get("groupId").asString();
            String group = created.get("conversationId").asString();
            assertThat(group).isEqualTo("g:" + groupId);

            // interleaved sends from two members, each pipelined
            for (int i = 1; i <= 10; i++) {
                alice.send(new ClientFrame.Send((long) i, "a-" + i, group, "text", "from alice " + i));
                bob.send(new ClientFrame.Send((long) i, "b-" + i, group, "text", "from bob " + i));
            }
            Map<String, Inbox> inboxes = Map.of(alice.uid, new Inbox(), bob.uid, new Inbox(), carol.uid, new Inbox());
            for (TestClient device : List.of(alice, bob, carol)) {
                Inbox inbox = inboxes.get(device.uid);
                inbox.receive(device, in -> in.conversation(group).size() == 20);
                acknowledge(device, group, inbox);
            }
            List<String> order = msgIdsBySeq(inboxes.get(alice.uid), group);
            assertThat(msgIdsBySeq(inboxes.get(bob.uid), group)).isEqualTo(order);
            assertThat(msgIdsBySeq(inboxes.get(carol.uid), group)).isEqualTo(order);
            assertThat(seqs(inboxes.get(carol.uid), group)).doesNotHaveDuplicates().isSorted();
            // each sender's own order survives the interleaving
            assertThat(clientMsgIdsOf(inboxes.get(carol.uid), group, alice.uid))
                    .containsExactly("a-1", "a-2", "a-3", "a-4", "a-5", "a-6", "a-7", "a-8", "a-9", "a-10");
            assertThat(clientMsgIdsOf(inboxes.get(carol.uid), group, bob.uid))
                    .containsExactly("b-1", "b-2", "b-3", "b-4", "b-5", "b-6", "b-7", "b-8", "b-9", "b-10");

            // dave was offline: one paged pull brings the group, in the same order, through his cursor
            Inbox daves = new Inbox();
            int requests = daves.sync(dave, 7);
            assertThat(msgIdsBySeq(daves, group)).isEqualTo(order);
            assertThat(requests).isEqualTo(4); // 7 + 7 + 6, then the request acknowledging the last page
            assertThat(TestClient.json(dave.get("/api/v1/sync/summary")).get("conversations")).isEmpty();

            // an outsider can neither send nor read
            eve.send(new ClientFrame.Send(1L, "e-1", group, "text", "let me in"));
            ServerFrame.Error refused = eve.await(ServerFrame.Error.class, e -> "e-1".equals(e.clientMsgId()));
            assertThat(refused.code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(eve.get("/api/v1/conversations/" + group + "/messages").statusCode()).isEqualTo(403);
            assertThat(eve.get("/api/v1/groups/" + groupId).statusCode()).isEqualTo(403);
            eve.expectNone(ServerFrame.MessageFrame.class, m -> m.conversationId().equals(group), Duration.ofSeconds(1));

            // a member added later sees only what comes after joining
            TestClient erin = TestClient.device("erin-" + run, "phone").connect();
            try (erin) {
                assertThat(alice.post("/api/v1/groups/" + groupId + "/members", "{\"uid\":\"" + erin.uid + "\"}")
                        .statusCode()).isEqualTo(204);
                alice.send(new ClientFrame.Send(11L, "a-after-join", group, "text", "welcome erin"));
                ServerFrame.MessageFrame welcome = erin.await(ServerFrame.MessageFrame.class,
                        m -> m.clientMsgId().equals("a-after-join"));
                JsonNode history = TestClient.json(erin.get("/api/v1/conversations/" + group + "/messages?afterSeq=0"));
                assertThat(history.get("messages")).extracting(m -> m.get("msgId").asString())
                        .containsExactly(welcome.msgId());
                Inbox erins = new Inbox();
                erins.sync(erin, 50);
                assertThat(erins.conversation(group)).extracting(Inbox.Message::msgId).containsExactly(welcome.msgId());

                // a removed member receives nothing more and can read nothing
                assertThat(alice.delete("/api/v1/groups/" + groupId + "/members/" + carol.uid).statusCode())
                        .isEqualTo(204);
                alice.send(new ClientFrame.Send(12L, "a-after-removal", group, "text", "carol has left"));
                bob.await(ServerFrame.MessageFrame.class, m -> m.clientMsgId().equals("a-after-removal"));
                erin.await(ServerFrame.MessageFrame.class, m -> m.clientMsgId().equals("a-after-removal"));
                carol.expectNone(ServerFrame.MessageFrame.class, m -> m.clientMsgId().equals("a-after-removal"),
                        Duration.ofSeconds(2));
                assertThat(carol.get("/api/v1/conversations/" + group + "/messages").statusCode()).isEqualTo(403);
                carol.send(new ClientFrame.Send(1L, "c-1", group, "text", "still here?"));
                assertThat(carol.await(ServerFrame.Error.class, e -> "c-1".equals(e.clientMsgId())).code())
                        .isEqualTo(ErrorCode.FORBIDDEN);
            }
        }
    }

    private static void acknowledge(TestClient device, String conversation, Inbox inbox) throws InterruptedException {
        List<Inbox.Message> messages = inbox.conversation(conversation);
        long last = messages.get(messages.size() - 1).seq();
        device.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, last))));
        device.await(ServerFrame.AckOk.class, ok -> ok.acks().contains(new AckEntry(conversation, last)));
    }

    private static List<String> msgIdsBySeq(Inbox inbox, String conversation) {
        return inbox.conversation(conversation).stream().map(m -> m.seq() + "=" + m.msgId()).toList();
    }

    private static List<Long> seqs(Inbox inbox, String conversation) {
        return inbox.conversation(conversation).stream().map(Inbox.Message::seq).collect(Collectors.toList());
    }

    private static List<String> clientMsgIdsOf(Inbox inbox, String conversation, String sender) {
        List<String> ids = new ArrayList<>();
        for (Inbox.Message m : inbox.conversation(conversation)) {
            if (m.senderId().equals(sender)) {
                ids.add(m.clientMsgId());
            }
        }
        return ids;
    }
}
