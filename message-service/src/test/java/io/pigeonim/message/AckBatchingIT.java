package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.testsupport.TestTrust;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.convert.DurationStyle;

/**
 * Acknowledgements of a busy group: a burst from every member device costs one multi-row cursor write per flush
 * window (two when the burst finds the batcher idle); each answer comes once its cursor is durable; a refused request
 * does not hold up the others.
 */
class AckBatchingIT extends AbstractMessageServiceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Autowired
    MeterRegistry meters;

    @Test
    void aBurstOfAcksFromEveryMemberDeviceIsOneWritePerWindow() {
        String owner = uid("owner");
        String[] others = {uid("m1"), uid("m2"), uid("m3"), uid("m4")};
        String group = new GroupClient(port).create(owner, "busy", others);
        List<String> members = new ArrayList<>(List.of(others));
        members.add(owner);
        jdbc.update("UPDATE conversation SET max_seq = 30 WHERE conversation_id = ?", group);
        double writesBefore = counter("pigeon.message.cursor.writes");
        double rowsBefore = counter("pigeon.message.cursor.rows");

        // 5 members x 2 devices x 6 cumulative acks (seq 5, 10, … 30), all at once: 60 requests
        List<CompletableFuture<HttpResponse<String>>> answers = new ArrayList<>();
        long start = System.nanoTime();
        for (int seq = 5; seq <= 30; seq += 5) {
            for (String uid : members) {
                for (String device : List.of("phone", "laptop")) {
                    answers.add(post(new AckRequest(uid, device, List.of(new AckEntry(group, (long) seq)))));
                }
            }
        }
        answers.add(post(new AckRequest(uid("eve"), "d1", List.of(new AckEntry(group, 1L)))));

        List<HttpResponse<String>> responses = answers.stream().map(CompletableFuture::join).toList();
        long windows = 1 + (System.nanoTime() - start) / DurationStyle.detectAndParse(ACK_WINDOW).toNanos();
        assertThat(responses.subList(0, 60)).allSatisfy(r -> assertThat(r.statusCode()).as(r.body()).isEqualTo(200));
        assertThat(responses.get(60).statusCode()).isEqualTo(403);
        // an idle batcher flushes the first request at once; the rest of the burst waits for the window: at most
        // one write per window the burst spanned (1-2 on an idle machine; a loaded one spreads the burst out)
        double writes = counter("pigeon.message.cursor.writes") - writesBefore;
        assertThat(writes).isBetween(1.0, Math.min(1.0 + windows, 6.0));
        // 10 devices: at most one row per device per flush (60 requests coalesced into 10 rows per write at most)
        assertThat(counter("pigeon.message.cursor.rows") - rowsBefore).isBetween(10.0, 10.0 * writes);
        assertThat(jdbc.queryForList("SELECT ack_seq FROM device_cursor WHERE conversation_id = ?", Long.class, group))
                .hasSize(10).containsOnly(30L);
        // every answer holds the cursor as recorded: at least what the request acknowledged
        for (int i = 0; i < 60; i++) {
            AckResponse recorded = PigeonJson.mapper().readValue(responses.get(i).body(), AckResponse.class);
            assertThat(recorded.acks().get(0).seq()).isGreaterThanOrEqualTo(5L * (i / 10 + 1));
        }
    }

    @Test
    void acksThatMoveNoCursorWriteNoRow() {
        String owner = uid("owner");
        String group = new GroupClient(port).create(owner, "quiet");
        jdbc.update("UPDATE conversation SET max_seq = 9 WHERE conversation_id = ?", group);
        assertThat(post(new AckRequest(owner, "phone", List.of(new AckEntry(group, 5L))), "?flush=now").join()
                .statusCode()).isEqualTo(200);
        double writesBefore = counter("pigeon.message.cursor.writes");
        double rowsBefore = counter("pigeon.message.cursor.rows");

        // one request of 1,000 entries: 999 conversations at seq 0 and the group again at its recorded seq
        List<AckEntry> stale = new ArrayList<>();
        for (int i = 0; i < 999; i++) {
            stale.add(new AckEntry(ConversationId.direct(owner, "peer" + i).toString(), 0L));
        }
        stale.add(new AckEntry(group, 5L));
        HttpResponse<String> answer = post(new AckRequest(owner, "phone", stale), "?flush=now").join();

        assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        assertThat(counter("pigeon.message.cursor.rows") - rowsBefore).isZero();
        assertThat(counter("pigeon.message.cursor.writes") - writesBefore).isZero();
        assertThat(jdbc.queryForObject("SELECT COUNT(*) FROM device_cursor WHERE uid = ?", Long.class, owner))
                .isEqualTo(1L);
    }

    @Test
    void aCallerWhoseUserWaitsMayAskForAnImmediateWrite() {
        String owner = uid("owner");
        String group = new GroupClient(port).create(owner, "sync");
        jdbc.update("UPDATE conversation SET max_seq = 9 WHERE conversation_id = ?", group);
        double writesBefore = counter("pigeon.message.cursor.writes");

        for (long seq = 1; seq <= 3; seq++) {
            HttpResponse<String> answer = post(new AckRequest(owner, "phone", List.of(new AckEntry(group, seq))),
                    "?flush=now").join();
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
        }

        assertThat(counter("pigeon.message.cursor.writes") - writesBefore).isEqualTo(3);
        GroupClient.assertProblem(post(new AckRequest(owner, "phone", List.of(new AckEntry(group, 4L))), "?flush=later")
                .join(), 400, "BAD_FRAME");
    }

    @Test
    void aFlushWindowHoldsTheAnswerUntilTheCursorIsDurable() {
        String owner = uid("owner");
        String group = new GroupClient(port).create(owner, "solo");
        jdbc.update("UPDATE conversation SET max_seq = 3 WHERE conversation_id = ?", group);

        HttpResponse<String> answer = post(new AckRequest(owner, "phone", List.of(new AckEntry(group, 3L)))).join();

        assertThat(answer.statusCode()).isEqualTo(200);
        assertThat(jdbc.queryForObject("SELECT ack_seq FROM device_cursor WHERE uid = ? AND device_id = 'phone' "
                + "AND conversation_id = ?", Long.class, owner, group)).isEqualTo(3L);
        HttpResponse<String> past = post(new AckRequest(owner, "phone", List.of(new AckEntry(group, 4L)))).join();
        GroupClient.assertProblem(past, 400, "BAD_FRAME");
    }

    private double counter(String name) {
        return meters.get(name).counter().count();
    }

    private CompletableFuture<HttpResponse<String>> post(AckRequest request) {
        return post(request, "");
    }

    private CompletableFuture<HttpResponse<String>> post(AckRequest request, String query) {
        return HTTP.sendAsync(TestTrust.internalPost(URI.create("http://localhost:" + port + "/internal/v1/acks" + query),
                PigeonJson.mapper().writeValueAsString(request)).build(), HttpResponse.BodyHandlers.ofString());
    }
}
