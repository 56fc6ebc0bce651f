package io.pigeonim.offline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.offline.it.Client.Answer;

/** Offline sync against a real MySQL: PROTOCOL.md §4, summary and paged pull. */
class SyncIT extends RunningService {

    /** What a client does: pull pages, each acknowledging the previous one, until {@code next} is null. */
    private record Sync(List<Answer> answers, List<String> keys) {

        int requests() {
            return answers.size();
        }
    }

    private Sync syncAll(Client client, int limit) {
        List<Answer> answers = new ArrayList<>();
        List<String> keys = new ArrayList<>();
        String ack = null;
        do {
            Answer page = client.sync(limit, ack);
            assertThat(page.status()).as(page.body().toString()).isEqualTo(200);
            answers.add(page);
            keys.addAll(page.messageKeys());
            ack = page.body().path("next").isNull() ? null : page.body().path("next").asString();
            assertThat(answers).hasSizeLessThan(1000);
        } while (ack != null);
        return new Sync(answers, keys);
    }

    @Test
    void pages_across_several_conversations_are_exact_and_cost_one_request_more_than_pages() {
        String alice = unique("alice");
        String bob = unique("bob");
        String carol = unique("carol");
        String ab = ConversationId.direct(alice, bob).value();
        String ac = ConversationId.direct(alice, carol).value();
        String team = "g:" + unique("team");
        STORE.messages(ab, 7);
        STORE.messages(ac, 1, 2, 4, 8, 9); // holes at 3, 5..7
        STORE.messages(team, 9);
        STORE.member(alice, team, 0, null);

        Sync sync = syncAll(as(alice, "phone"), 4);

        // 7 + 5 + 9 = 21 messages: pages of 4, 4, 4, 4, 4, 1, then the acknowledging empty answer
        assertThat(sync.keys()).hasSize(21).doesNotHaveDuplicates();
        assertThat(sync.requests()).isEqualTo(7);
        for (Answer page : sync.answers().subList(0, 5)) {
            assertThat(page.body().path("messages")).hasSize(4);
            assertThat(page.body().path("hasMore").asBoolean()).isTrue();
        }
        Answer sixth = sync.answers().get(5);
        assertThat(sixth.body().path("messages")).hasSize(1);
        assertThat(sixth.body().path("hasMore").asBoolean()).isFalse();
        assertThat(sixth.body().path("next").isString()).isTrue();
        Answer last = sync.answers().get(6);
        assertThat(last.body().path("messages")).isEmpty();
        assertThat(last.body().has("next")).isTrue();
        assertThat(last.body().path("next").isNull()).isTrue();
        assertThat(last.body().path("hasMore").asBoolean()).isFalse();
        assertAscendingPerConversation(sync.keys());
        assertThat(sync.keys()).filteredOn(k -> k.startsWith(ac + "#")).containsExactly(
                ac + "#1", ac + "#2", ac + "#4", ac + "#8", ac + "#9");

        assertThat(STORE.cursor(alice, "phone", ab)).isEqualTo(7);
        assertThat(STORE.cursor(alice, "phone", ac)).isEqualTo(9);
        assertThat(STORE.cursor(alice, "phone", team)).isEqualTo(9);
        assertThat(as(alice, "phone").get("/api/v1/sync/summary").body().path("conversations")).isEmpty();
    }

    @Test
    void a_message_object_has_the_fields_of_the_message_frame_without_type() {
        String alice = unique("alice");
        String bob = unique("bob");
        String ab = ConversationId.direct(alice, bob).value();
        STORE.messages(ab, 1);

        Answer page = as(bob, "d1").sync(null, null);

        assertThat(page.contentType()).startsWith("application/json");
        var message = page.body().path("messages").get(0);
        assertThat(message.propertyNames()).containsExactlyInAnyOrder(
                "msgId", "conversationId", "seq", "senderId", "clientMsgId", "contentType", "content", "sendTime");
        assertThat(message.path("seq").asLong()).isEqualTo(1);
        assertThat(message.path("content").asString()).isEqualTo("hello " + ab + " #1");
    }

    @Test
    void a_crash_mid_sync_replays_the_unacknowledged_page() {
        String alice = unique("alice");
        String bob = unique("bob");
        String ab = ConversationId.direct(alice, bob).value();
        STORE.messages(ab, 10);
        Client phone = as(alice, "phone");

        Answer first = phone.sync(4, null);
        Answer second = phone.sync(4, first.body().path("next").asString());
        // the app crashes before acknowledging the second page, and starts over without a token
        Answer again = phone.sync(4, null);

        assertThat(first.messageKeys()).containsExactly(ab + "#1", ab + "#2", ab + "#3", ab + "#4");
        assertThat(second.messageKeys()).containsExactly(ab + "#5", ab + "#6", ab + "#7", ab + "#8");
        assertThat(again.messageKeys()).isEqualTo(second.messageKeys());
        assertThat(again.body().path("messages").get(0).path("msgId").asString())
                .isEqualTo(second.body().path("messages").get(0).path("msgId").asString());
        assertThat(STORE.cursor(alice, "phone", ab)).isEqualTo(4);
        // and an old token acknowledged again moves nothing backwards
        Answer replayedOld = phone.sync(4, first.body().path("next").asString());
        assertThat(replayedOld.messageKeys()).isEqualTo(second.messageKeys());
        assertThat(STORE.cursor(alice, "phone", ab)).isEqualTo(4);
    }

    @Test
    void tampered_foreign_and_garbage_tokens_are_refused_and_change_nothing() {
        String alice = unique("alice");
        String bob = unique("bob");
        String ab = ConversationId.direct(alice, bob).value();
        STORE.messages(ab, 6);
        String token = as(alice, "phone").sync(3, null).body().path("next").asString();
        char flipped = token.charAt(token.length() / 2) == 'A' ? 'B' : 'A';
        String tampered = token.substring(0, token.length() / 2) + flipped + token.substring(token.length() / 2 + 1);
        int ackCalls = MESSAGE_SERVICE.calls();

        List<Answer> refusals = List.of(
                as(alice, "phone").sync(3, tampered),
                as(alice, "phone").sync(3, token.substring(0, token.length() - 2)),
                as(alice, "phone").sync(3, "garbage!"),
                as(alice, "phone").sync(3, ""),
                as(alice, "tablet").sync(3, token), // another device of the same user
                as(bob, "phone").sync(3, token)); // another user

        for (Answer refusal : refusals) {
            assertThat(refusal.status()).as(refusal.body().toString()).isEqualTo(400);
            assertThat(refusal.contentType()).startsWith("application/problem+json");
            assertThat(refusal.code()).isEqualTo("BAD_REQUEST");
        }
        assertThat(MESSAGE_SERVICE.calls()).isEqualTo(ackCalls);
        assertThat(STORE.cursorRows(alice)).isZero();
        assertThat(STORE.cursorRows(bob)).isZero();
        assertThat(as(alice, "phone").sync(3, token).messageKeys()).containsExactly(ab + "#4", ab + "#5", ab + "#6");
    }

    @Test
    void a_device_never_seen_before_gets_everything_and_a_group_member_from_the_join() {
        String alice = unique("alice");
        String bob = unique("bob");
        String ab = ConversationId.direct(alice, bob).value();
        String team = "g:" + unique("team");
        String old = "g:" + unique("old");
        STORE.messages(ab, 5);
        STORE.messages(team, 12);
        STORE.member(alice, team, 8, null); // joined at seq 8: sees 9..12
        STORE.messages(old, 10);
        STORE.member(alice, old, 2, 6L); // removed at 6: reads nothing of it any more (PROTOCOL.md §5)
        syncAll(as(alice, "phone"), 50);

        Sync tablet = syncAll(as(alice, "tablet"), 50);

        assertThat(tablet.keys()).containsExactlyInAnyOrder(
                ab + "#1", ab + "#2", ab + "#3", ab + "#4", ab + "#5",
                team + "#9", team + "#10", team + "#11", team + "#12");
        assertThat(STORE.cursor(alice, "tablet", team)).isEqualTo(12);
        assertThat(STORE.cursor(alice, "tablet", old)).isEqualTo(-1);
        assertThat(STORE.cursor(alice, "phone", ab)).isEqualTo(5);
    }

    @Test
    void the_summary_counts_messages_not_seqs_per_device() {
        String alice = unique("alice");
        String bob = unique("bob");
        String carol = unique("carol");
        String ab = ConversationId.direct(alice, bob).value();
        String ac = ConversationId.direct(alice, carol).value();
        String team = "g:" + unique("team");
        STORE.messages(ab, 1, 2, 5, 9, 40);
        STORE.messages(ac, 3);
        STORE.messages(team, 20);
        STORE.member(alice, team, 15, null);
        assertThat(as(alice, "phone").post("/api/v1/sync/ack",
                "{\"acks\":[{\"conversationId\":\"" + ab + "\",\"seq\":2},{\"conversationId\":\"" + ac + "\",\"seq\":3}]}")
                .status()).isEqualTo(204);

        Answer phone = as(alice, "phone").get("/api/v1/sync/summary");
        Answer laptop = as(alice, "laptop").get("/api/v1/sync/summary");

        assertThat(phone.status()).isEqualTo(200);
        assertThat(phone.body().path("conversations").toString()).isEqualTo(
                "[{\"conversationId\":\"" + team + "\",\"maxSeq\":20,\"ackSeq\":15,\"unread\":5},"
                        + "{\"conversationId\":\"" + ab + "\",\"maxSeq\":40,\"ackSeq\":2,\"unread\":3}]");
        assertThat(laptop.body().path("conversations")).hasSize(3);
        assertThat(laptop.body().path("conversations").get(0).path("unread").asLong()).isEqualTo(5);
    }

    @Test
    void a_sync_racing_with_new_messages_misses_none_and_repeats_none() {
        String alice = unique("alice");
        String bob = unique("bob");
        String carol = unique("carol");
        String ab = ConversationId.direct(alice, bob).value();
        String ac = ConversationId.direct(alice, carol).value();
        STORE.messages(ab, 5);
        STORE.messages(ac, 5);
        Map<String, Long> stored = new HashMap<>(Map.of(ab, 5L, ac, 5L));
        Client phone = as(alice, "phone");

        List<String> received = new ArrayList<>();
        String ack = null;
        int page = 0;
        do {
            Answer answer = phone.sync(3, ack);
            received.addAll(answer.messageKeys());
            ack = answer.body().path("next").isNull() ? null : answer.body().path("next").asString();
            if (page++ < 6) {
                // live pushes land between pages, in a conversation already drained and in one still pending
                for (String c : List.of(ab, ac)) {
                    long seq = stored.merge(c, 2L, Long::sum);
                    STORE.messages(c, seq - 1, seq);
                }
            }
        } while (ack != null);

        List<String> expected = new ArrayList<>();
        stored.forEach((c, max) -> {
            for (long s = 1; s <= max; s++) {
                expected.add(c + "#" + s);
            }
        });
        assertThat(received).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(expected);
        assertAscendingPerConversation(received);
    }

    @Test
    void limit_must_be_a_number_in_1_to_200() {
        Client client = as(unique("alice"), "phone");
        for (String bad : List.of("0", "201", "-1", "abc", "1.5", "", "99999999999999999999999")) {
            Answer answer = client.get("/api/v1/sync?limit=" + bad);
            assertThat(answer.status()).as(bad).isEqualTo(400);
            assertThat(answer.code()).isEqualTo("BAD_REQUEST");
            assertThat(answer.body().path("detail").asString()).contains("limit");
        }
        assertThat(client.get("/api/v1/sync?limit=200").status()).isEqualTo(200);
        assertThat(client.get("/api/v1/sync?limit=1").status()).isEqualTo(200);
    }

    @Test
    void the_default_limit_is_fifty() {
        String alice = unique("alice");
        STORE.messages(ConversationId.direct(alice, unique("bob")).value(), 60);

        Answer answer = as(alice, "phone").sync(null, null);

        assertThat(answer.body().path("messages")).hasSize(50);
        assertThat(answer.body().path("hasMore").asBoolean()).isTrue();
    }

    @Test
    void without_identity_headers_it_is_401() {
        Client client = as("x", "y");
        for (String path : List.of("/api/v1/sync", "/api/v1/sync/summary", "/api/v1/conversations/p:a:b/messages")) {
            Answer answer = client.anonymous(path);
            assertThat(answer.status()).as(path).isEqualTo(401);
            assertThat(answer.code()).isEqualTo("UNAUTHORIZED");
            assertThat(answer.contentType()).startsWith("application/problem+json");
        }
        assertThat(as("bad uid!", "d1").get("/api/v1/sync").status()).isEqualTo(401);
    }

    @Test
    void rest_ack_moves_cursors_through_message_service_and_its_refusals_pass_through() {
        String alice = unique("alice");
        String bob = unique("bob");
        String ab = ConversationId.direct(alice, bob).value();
        String team = "g:" + unique("team");
        STORE.messages(ab, 5);
        STORE.messages(team, 5);
        Client phone = as(alice, "phone");

        assertThat(phone.post("/api/v1/sync/ack", "{\"acks\":[{\"conversationId\":\"" + ab + "\",\"seq\":3}]}").status())
                .isEqualTo(204);
        assertThat(phone.post("/api/v1/sync/ack", "{\"acks\":[{\"conversationId\":\"" + ab + "\",\"seq\":1}]}").status())
                .isEqualTo(204);
        assertThat(STORE.cursor(alice, "phone", ab)).isEqualTo(3);

        Answer past = phone.post("/api/v1/sync/ack", "{\"acks\":[{\"conversationId\":\"" + ab + "\",\"seq\":6}]}");
        Answer notMember = phone.post("/api/v1/sync/ack", "{\"acks\":[{\"conversationId\":\"" + team + "\",\"seq\":1}]}");
        assertThat(past.status()).isEqualTo(400);
        assertThat(past.code()).isEqualTo("BAD_REQUEST");
        assertThat(notMember.status()).isEqualTo(403);
        assertThat(notMember.code()).isEqualTo("FORBIDDEN");
        for (String malformed : List.of("", "{}", "{\"acks\":[]}", "not json", "{\"acks\":[{\"conversationId\":\"x\",\"seq\":1}]}",
                "{\"acks\":[{\"conversationId\":\"" + ab + "\",\"seq\":\"4\"}]}", "{\"acks\":[{\"conversationId\":\"" + ab + "\"}]}")) {
            Answer answer = phone.post("/api/v1/sync/ack", malformed);
            assertThat(answer.status()).as(malformed).isEqualTo(400);
            assertThat(answer.code()).isEqualTo("BAD_REQUEST");
        }
        assertThat(STORE.cursor(alice, "phone", ab)).isEqualTo(3);
        assertThat(STORE.cursor(alice, "phone", team)).isEqualTo(-1);
    }

    @Test
    void acks_reuse_one_connection_to_message_service_and_start_no_thread_per_call() {
        String alice = unique("alice");
        String ab = ConversationId.direct(alice, unique("bob")).value();
        STORE.messages(ab, 30);
        Client phone = as(alice, "phone");
        assertThat(phone.post("/api/v1/sync/ack", "{\"acks\":[{\"conversationId\":\"" + ab + "\",\"seq\":1}]}").status())
                .isEqualTo(204);
        int firstCall = MESSAGE_SERVICE.calls();
        long threadsBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();

        for (int seq = 2; seq <= 30; seq++) {
            assertThat(phone.post("/api/v1/sync/ack", "{\"acks\":[{\"conversationId\":\"" + ab + "\",\"seq\":" + seq
                    + "}]}").status()).isEqualTo(204);
        }

        assertThat(ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore)
                .as("threads started in this JVM for 29 acks").isLessThanOrEqualTo(3);
        assertThat(MESSAGE_SERVICE.connectionsSince(firstCall)).as("connections of 29 calls").hasSize(1);
        assertThat(STORE.cursor(alice, "phone", ab)).isEqualTo(30);
    }

    @Test
    void the_openapi_document_is_served_under_the_sync_path_with_the_error_model() {
        Answer doc = as("x", "y").anonymous("/api/v1/sync/openapi");

        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body().path("paths").propertyNames()).contains("/api/v1/sync", "/api/v1/sync/summary",
                "/api/v1/sync/ack", "/api/v1/conversations/{conversationId}/messages");
        assertThat(doc.body().path("components").path("schemas").has("Problem")).isTrue();
        assertThat(doc.body().path("paths").path("/api/v1/sync").path("get").path("responses").has("400")).isTrue();
        assertThat(doc.body().toString()).doesNotContain("X-Pigeon").doesNotContain("\"caller\"");
        assertThat(as("x", "y").anonymous("/api/v1/sync/openapi/swagger-ui/index.html").status()).isEqualTo(200);
    }

    @Test
    void probes_and_metrics_are_exposed() {
        Client client = as("x", "y");
        client.sync(1, null);

        assertThat(management().anonymous("/actuator/health/liveness").status()).isEqualTo(200);
        assertThat(management().anonymous("/actuator/health/readiness").status()).isEqualTo(200);
        String metrics = management().text("/actuator/prometheus");
        assertThat(metrics).contains("application=\"offline-service\"", "pigeon_offline_page_served_total", "pigeon_offline_page_read_seconds",
                "pigeon_offline_token_rejected_total");
        assertThat(client.anonymous("/api/v1/nowhere").code()).isEqualTo("UNAUTHORIZED");
        assertThat(client.get("/api/v1/nowhere").code()).isEqualTo("NOT_FOUND");
        assertThat(client.get("/actuator/prometheus").status()).as("not on the service port").isEqualTo(404);
    }

    static void assertAscendingPerConversation(List<String> keys) {
        Map<String, Long> last = new HashMap<>();
        Set<String> seen = new LinkedHashSet<>();
        for (String key : keys) {
            int hash = key.lastIndexOf('#');
            String conversation = key.substring(0, hash);
            long seq = Long.parseLong(key.substring(hash + 1));
            assertThat(seq).as(key).isGreaterThan(last.getOrDefault(conversation, 0L));
            last.put(conversation, seq);
            seen.add(key);
        }
    }
}
