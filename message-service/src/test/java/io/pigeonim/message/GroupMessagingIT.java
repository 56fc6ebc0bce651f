package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.testsupport.StandInConnector;
import io.pigeonim.testsupport.TestTrust;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Value;

/**
 * A group as its members notice it: one order for everyone, each sender's own order, one row per message, a push per
 * connector instance naming every member online there, and clean boundaries when members come and go.
 */
class GroupMessagingIT extends AbstractMessageServiceIT {

    @Value("${local.server.port}")
    int port;

    GroupClient groups;

    @BeforeEach
    void client() {
        groups = new GroupClient(port);
    }

    @Test
    void interleavedSendersGetOneSeqOrderSeenIdenticallyByEveryDevice() {
        String alice = uid("alice");
        String bob = uid("bob");
        String carol = uid("carol");
        String dave = uid("dave");
        String group = groups.create(alice, "team", bob, carol, dave);
        online(alice, "phone", CONNECTOR_A);
        online(bob, "phone", CONNECTOR_A);
        online(bob, "laptop", CONNECTOR_B);
        online(carol, "phone", CONNECTOR_B);
        List<String> senders = List.of(alice, bob, carol);
        List<UplinkMessage> sent = new ArrayList<>();
        for (int i = 0; i < 45; i++) {
            String sender = senders.get((i * 7 + i / 5) % 3);
            sent.add(groupMessage(sender, group, "i" + i, "hello " + i));
        }

        produce(sent.toArray(UplinkMessage[]::new));

        await().atMost(WAIT).until(() -> frames(CONNECTOR_A, group).size() == 45 && frames(CONNECTOR_B, group).size() == 45);
        List<Map<String, Object>> rows = rows(group);
        assertThat(rows).hasSize(45);
        Map<Long, String> stored = new LinkedHashMap<>();
        rows.forEach(row -> stored.put(((Number) row.get("seq")).longValue(), (String) row.get("msg_id")));
        for (StandInConnector connector : List.of(CONNECTOR_A, CONNECTOR_B)) {
            Map<Long, String> seen = new LinkedHashMap<>();
            frames(connector, group).forEach(f -> seen.put(f.seq(), f.msgId()));
            assertThat(seen).containsExactlyEntriesOf(stored);
        }
        for (String sender : senders) {
            List<String> inSeqOrder = frames(CONNECTOR_A, group).stream().filter(f -> f.senderId().equals(sender))
                    .map(ServerFrame.MessageFrame::clientMsgId).toList();
            assertThat(inSeqOrder).containsExactlyElementsOf(sent.stream().filter(m -> m.senderId().equals(sender))
                    .map(UplinkMessage::clientMsgId).toList());
        }
        // one push per message per instance, naming every member online there; no delivered in groups
        assertThat(CONNECTOR_A.pushesFor(group)).allSatisfy(push -> assertThat(push.uids())
                .containsExactlyInAnyOrder(alice, bob));
        assertThat(CONNECTOR_B.pushesFor(group)).allSatisfy(push -> assertThat(push.uids())
                .containsExactlyInAnyOrder(bob, carol));
        assertThat(CONNECTOR_A.pushesFor(group)).hasSize(45);
        // stored once, no per-member rows: dave (offline) catches up through his own cursor
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM device_cursor WHERE conversation_id = ?", Long.class, group))
                .isZero();
        long last = rows.get(44).get("seq") instanceof Number n ? n.longValue() : -1;
        assertThat(ack(dave, "tablet", group, last).statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT ack_seq FROM device_cursor WHERE uid = ? AND device_id = 'tablet' "
                + "AND conversation_id = ?", Long.class, dave, group)).isEqualTo(last);
    }

    @Test
    void aNewMemberReceivesOnlyWhatIsStoredAfterJoining() {
        String alice = uid("alice");
        String erin = uid("erin");
        String group = groups.create(alice, "team");
        online(alice, "phone", CONNECTOR_A);
        online(erin, "phone", CONNECTOR_B);
        produce(groupMessage(alice, group, "before-1", "before"), groupMessage(alice, group, "before-2", "before"));
        await().atMost(WAIT).until(() -> rows(group).size() == 2);

        groups.add(alice, group, erin);
        produce(groupMessage(alice, group, "after-1", "after"), groupMessage(erin, group, "after-2", "hi all"));

        await().atMost(WAIT).until(() -> frames(CONNECTOR_B, group).size() == 2 && frames(CONNECTOR_A, group).size() == 4);
        assertThat(frames(CONNECTOR_B, group)).extracting(ServerFrame.MessageFrame::clientMsgId)
                .containsExactly("after-1", "after-2");
        long joinSeq = jdbc.queryForObject("SELECT join_seq FROM user_conversation WHERE uid = ? AND conversation_id = ?",
                Long.class, erin, group);
        assertThat(joinSeq).isEqualTo(((Number) rows(group).get(1).get("seq")).longValue());
        assertThat(frames(CONNECTOR_B, group)).allSatisfy(f -> assertThat(f.seq()).isGreaterThan(joinSeq));
    }

    @Test
    void aRemovedMembersInFlightSendIsStoredButItReceivesNothingMoreAndCannotAck() {
        String alice = uid("alice");
        String bob = uid("bob");
        String group = groups.create(alice, "team", bob);
        online(alice, "phone", CONNECTOR_A);
        online(bob, "phone", CONNECTOR_B);
        produce(groupMessage(alice, group, "m1", "to both"));
        await().atMost(WAIT).until(() -> frames(CONNECTOR_B, group).size() == 1);

        groups.remove(alice, group, bob);
        // accepted (send_acked) by a connector before the removal, consumed after it: a send_ack is a promise
        UplinkMessage inFlight = groupMessage(bob, group, "in-flight", "sent while still a member");
        produce(inFlight, groupMessage(alice, group, "m2", "bob is gone"));

        await().atMost(WAIT).until(() -> frames(CONNECTOR_A, group).size() == 3);
        assertThat(frames(CONNECTOR_A, group)).extracting(ServerFrame.MessageFrame::clientMsgId)
                .containsExactly("m1", "in-flight", "m2");
        assertThat(frames(CONNECTOR_B, group)).extracting(ServerFrame.MessageFrame::clientMsgId).containsExactly("m1");
        assertThat(rows(group)).extracting(row -> row.get("client_msg_id")).containsExactly("m1", "in-flight", "m2");
        assertThat(jdbc.queryForObject("SELECT leave_seq FROM user_conversation WHERE uid = ? AND conversation_id = ?",
                Long.class, bob, group)).isEqualTo(((Number) rows(group).get(0).get("seq")).longValue());
        assertThat(ack(bob, "phone", group, 1).statusCode()).isEqualTo(403);
        GroupClient.assertProblem(groups.call(bob, "GET", "/api/v1/groups/" + GroupClient.groupId(group), null), 403,
                "FORBIDDEN");
    }

    @Test
    void aNonMembersMessageGoesToTheDeadLetterTopicWithTheReason() {
        String alice = uid("alice");
        String mallory = uid("mallory");
        String group = groups.create(alice, "team");
        String unknown = "g:nosuch" + uid("g");
        UplinkMessage intruder = groupMessage(mallory, group, "x1", "let me in");
        UplinkMessage nowhere = groupMessage(mallory, unknown, "x2", "anyone?");
        UplinkMessage legit = groupMessage(alice, group, "ok", "members only");

        produce(intruder, nowhere, legit);

        await().atMost(WAIT).until(() -> rows(group).size() == 1);
        assertThat(rows(group).get(0).get("msg_id")).isEqualTo(legit.msgId());
        assertThat(rows(unknown)).isEmpty();
        List<ConsumerRecord<byte[], byte[]>> dead = deadLetters(2, intruder.msgId(), nowhere.msgId());
        assertThat(dead).extracting(AbstractMessageServiceIT::reason)
                .anySatisfy(reason -> assertThat(reason).contains("sender " + mallory + " is not a member of " + group))
                .anySatisfy(reason -> assertThat(reason).contains("group " + unknown + " does not exist"));
    }

    @Test
    void membersComingAndGoingUnderTrafficSeeACleanBoundary() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String frank = uid("frank");
        String group = groups.create(alice, "busy", bob);
        online(alice, "phone", CONNECTOR_A);
        online(bob, "phone", CONNECTOR_B);
        online(frank, "phone", CONNECTOR_B);
        AtomicBoolean sending = new AtomicBoolean(true);
        AtomicInteger count = new AtomicInteger();
        CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
            while (sending.get()) {
                int i = count.incrementAndGet();
                produce(groupMessage(i % 2 == 0 ? alice : bob, group, "t" + i, "traffic " + i));
            }
        });
        await().atMost(WAIT).until(() -> count.get() > 20);
        groups.add(alice, group, frank);
        await().atMost(WAIT).until(() -> count.get() > 40);
        groups.remove(alice, group, bob);
        await().atMost(WAIT).until(() -> count.get() > 60);
        sending.set(false);
        traffic.get();

        // one partition, in order: once the last message is pushed, everything before it was handled
        UplinkMessage last = groupMessage(alice, group, "last", "the end");
        produce(last);
        await().atMost(WAIT).until(() -> rows(group).stream().anyMatch(row -> row.get("msg_id").equals(last.msgId())));
        List<Map<String, Object>> rows = rows(group);
        List<Long> seqs = rows.stream().map(row -> ((Number) row.get("seq")).longValue()).toList();
        await().atMost(WAIT).until(() -> frames(CONNECTOR_A, group).size() == seqs.size());
        long joinSeq = membershipSeq("join_seq", frank, group);
        long leaveSeq = membershipSeq("leave_seq", bob, group);

        assertThat(joinSeq).isPositive().isLessThan(leaveSeq);
        assertThat(pushedSeqs(CONNECTOR_B, group, frank))
                .containsExactlyElementsOf(seqs.stream().filter(seq -> seq > joinSeq).toList());
        assertThat(pushedSeqs(CONNECTOR_B, group, bob))
                .containsExactlyElementsOf(seqs.stream().filter(seq -> seq <= leaveSeq).toList());
        // records on the topic stand for sends a connector accepted: bob's, accepted before his removal, are stored
        // whenever they are consumed (a send_ack is a promise); the connector refuses his sends after it
        assertThat(rows).extracting(row -> row.get("client_msg_id")).as("every accepted send is stored, once")
                .doesNotHaveDuplicates().hasSize(count.get() + 1);
    }

    private long membershipSeq(String column, String uid, String group) {
        return jdbc.queryForObject("SELECT " + column + " FROM user_conversation WHERE uid = ? AND conversation_id = ?",
                Long.class, uid, group);
    }

    private static List<Long> pushedSeqs(StandInConnector connector, String group, String uid) {
        return connector.pushesFor(group).stream().filter(p -> p.uids().contains(uid)).map(PushRequest.Push::frame)
                .map(ServerFrame.MessageFrame.class::cast).map(ServerFrame.MessageFrame::seq).toList();
    }

    private static List<ServerFrame.MessageFrame> frames(StandInConnector connector, String conversationId) {
        return connector.pushesFor(conversationId).stream().map(PushRequest.Push::frame)
                .filter(ServerFrame.MessageFrame.class::isInstance).map(ServerFrame.MessageFrame.class::cast).toList();
    }

    private HttpResponse<String> ack(String uid, String deviceId, String conversationId, long seq) {
        try {
            return HttpClient.newHttpClient().send(TestTrust.internalPost(URI.create("http://localhost:" + port
                    + "/internal/v1/acks"), PigeonJson.mapper().writeValueAsString(
                            new AckRequest(uid, deviceId, List.of(new AckEntry(conversationId, seq))))).build(),
                    HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
