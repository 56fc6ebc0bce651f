package io.pigeonim.offline.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.id.ConversationId;
import io.pigeonim.offline.it.Client.Answer;

/** History and gap filling against a real MySQL: PROTOCOL.md §4. */
class HistoryIT extends RunningService {

    private static List<Long> seqs(Answer answer) {
        List<Long> seqs = new ArrayList<>();
        answer.body().path("messages").forEach(m -> seqs.add(m.path("seq").asLong()));
        return seqs;
    }

    @Test
    void pages_forwards_with_after_seq_and_backwards_with_before_seq_both_ascending() {
        String alice = unique("alice");
        String bob = unique("bob");
        String ab = ConversationId.direct(alice, bob).value();
        STORE.messages(ab, 1, 2, 3, 5, 8, 9, 10); // holes at 4, 6, 7
        Client client = as(alice, "phone");

        Answer first = client.get("/api/v1/conversations/" + ab + "/messages?limit=3");
        Answer second = client.get("/api/v1/conversations/" + ab + "/messages?afterSeq=3&limit=3");
        Answer third = client.get("/api/v1/conversations/" + ab + "/messages?afterSeq=9&limit=3");
        Answer latest = client.get("/api/v1/conversations/" + ab + "/messages?beforeSeq=11&limit=3");
        Answer older = client.get("/api/v1/conversations/" + ab + "/messages?beforeSeq=8&limit=3");
        Answer oldest = client.get("/api/v1/conversations/" + ab + "/messages?beforeSeq=2&limit=3");

        assertThat(seqs(first)).containsExactly(1L, 2L, 3L);
        assertThat(first.body().path("hasMore").asBoolean()).isTrue();
        assertThat(seqs(second)).containsExactly(5L, 8L, 9L);
        assertThat(second.body().path("hasMore").asBoolean()).isTrue();
        assertThat(seqs(third)).containsExactly(10L);
        assertThat(third.body().path("hasMore").asBoolean()).isFalse();
        assertThat(seqs(latest)).containsExactly(8L, 9L, 10L);
        assertThat(latest.body().path("hasMore").asBoolean()).isTrue();
        assertThat(seqs(older)).containsExactly(2L, 3L, 5L);
        assertThat(older.body().path("hasMore").asBoolean()).isTrue();
        assertThat(seqs(oldest)).containsExactly(1L);
        assertThat(oldest.body().path("hasMore").asBoolean()).isFalse();
        assertThat(first.body().propertyNames()).containsExactlyInAnyOrder("messages", "hasMore");
    }

    @Test
    void reading_history_never_moves_a_cursor() {
        String alice = unique("alice");
        String ab = ConversationId.direct(alice, unique("bob")).value();
        STORE.messages(ab, 4);

        as(alice, "phone").get("/api/v1/conversations/" + ab + "/messages");

        assertThat(STORE.cursorRows(alice)).isZero();
        assertThat(as(alice, "phone").sync(10, null).body().path("messages")).hasSize(4);
    }

    @Test
    void one_to_one_is_for_its_two_users_and_empty_before_the_first_message() {
        String alice = unique("alice");
        String bob = unique("bob");
        String ab = ConversationId.direct(alice, bob).value();

        Answer empty = as(bob, "d1").get("/api/v1/conversations/" + ab + "/messages");
        Answer stranger = as(unique("mallory"), "d1").get("/api/v1/conversations/" + ab + "/messages");

        assertThat(empty.status()).isEqualTo(200);
        assertThat(empty.body().path("messages")).isEmpty();
        assertThat(empty.body().path("hasMore").asBoolean()).isFalse();
        assertThat(stranger.status()).isEqualTo(403);
        assertThat(stranger.code()).isEqualTo("FORBIDDEN");
        assertThat(stranger.contentType()).startsWith("application/problem+json");
    }

    @Test
    void a_group_is_for_its_members_from_their_join_seq_and_closed_to_removed_members() {
        String alice = unique("alice");
        String team = "g:" + unique("team");
        String empty = "g:" + unique("empty");
        STORE.messages(team, 10);
        STORE.member(alice, team, 4, null);
        String left = unique("left");
        STORE.member(left, team, 2, 6L);
        STORE.conversation(empty);
        STORE.member(alice, empty, 0, null);

        assertThat(seqs(as(alice, "d1").get("/api/v1/conversations/" + team + "/messages"))).containsExactly(5L, 6L, 7L, 8L, 9L, 10L);
        assertThat(seqs(as(alice, "d1").get("/api/v1/conversations/" + team + "/messages?beforeSeq=7&limit=5")))
                .containsExactly(5L, 6L);
        Answer removed = as(left, "d1").get("/api/v1/conversations/" + team + "/messages");
        assertThat(removed.status()).isEqualTo(403);
        assertThat(removed.code()).isEqualTo("FORBIDDEN");
        assertThat(as(alice, "d1").get("/api/v1/conversations/" + empty + "/messages").body().path("messages")).isEmpty();

        Answer outsider = as(unique("bob"), "d1").get("/api/v1/conversations/" + team + "/messages");
        Answer unknown = as(alice, "d1").get("/api/v1/conversations/g:" + unique("nope") + "/messages");
        assertThat(outsider.status()).isEqualTo(403);
        assertThat(outsider.code()).isEqualTo("FORBIDDEN");
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.code()).isEqualTo("NOT_FOUND");
    }

    @Test
    void malformed_requests_are_400() {
        String alice = unique("alice");
        String ab = ConversationId.direct(alice, unique("bob")).value();
        Client client = as(alice, "d1");
        List<String> bad = List.of(
                "/api/v1/conversations/x:nope/messages",
                "/api/v1/conversations/" + ab + "/messages?limit=0",
                "/api/v1/conversations/" + ab + "/messages?limit=201",
                "/api/v1/conversations/" + ab + "/messages?limit=ten",
                "/api/v1/conversations/" + ab + "/messages?afterSeq=-1",
                "/api/v1/conversations/" + ab + "/messages?afterSeq=1&beforeSeq=5",
                "/api/v1/conversations/" + ab + "/messages?beforeSeq=abc");
        for (String path : bad) {
            Answer answer = client.get(path);
            assertThat(answer.status()).as(path).isEqualTo(400);
            assertThat(answer.code()).as(path).isEqualTo("BAD_REQUEST");
        }
    }
}
