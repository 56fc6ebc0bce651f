package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.ack.AckBatchRequest;
import io.pigeonim.common.ack.AckBatchResponse;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.schema.ConversationRow;
import io.pigeonim.schema.MembershipRow;
import io.pigeonim.schema.StoreMapper;
import io.pigeonim.testsupport.StandInConnector;
import io.pigeonim.testsupport.TestTrust;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import tools.jackson.databind.JsonNode;

/** {@code POST /internal/v1/acks}: cursors durable, never backwards, all-or-nothing; the peer is told. */
class AckIT extends AbstractMessageServiceIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Value("${local.server.port}")
    int port;

    @Value("${local.management.port}")
    int managementPort;

    @Autowired
    MeterRegistry meters;

    @Autowired
    StoreMapper writes;

    @Test
    void recordsTheCursorAndNeverMovesItBackwards() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = conversation(alice, bob, 10);

        assertThat(ack(bob, "d1", new AckEntry(conversation, 5L)).acks()).containsExactly(new AckEntry(conversation, 5L));
        assertThat(cursor(bob, "d1", conversation)).isEqualTo(5);

        assertThat(ack(bob, "d1", new AckEntry(conversation, 3L)).acks()).containsExactly(new AckEntry(conversation, 5L));
        assertThat(cursor(bob, "d1", conversation)).isEqualTo(5);

        assertThat(ack(bob, "d1", new AckEntry(conversation, 7L), new AckEntry(conversation, 10L), new AckEntry(conversation, 2L))
                .acks()).containsExactly(new AckEntry(conversation, 10L));
        assertThat(cursor(bob, "d1", conversation)).isEqualTo(10);
        assertThat(ack(bob, "d2", new AckEntry(conversation, 1L)).acks()).containsExactly(new AckEntry(conversation, 1L));
        assertThat(cursor(bob, "d1", conversation)).isEqualTo(10);
    }

    @Test
    void anAckPastTheLastSeqIsRefusedAsBadFrame() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = conversation(alice, bob, 10);
        String unknown = ConversationId.direct(alice, uid("nobody")).value();

        assertProblem(post(new AckRequest(bob, "d1", List.of(new AckEntry(conversation, 11L)))), 400, "BAD_FRAME");
        assertProblem(post(new AckRequest(alice, "d1", List.of(new AckEntry(unknown, 1L)))), 400, "BAD_FRAME");
        assertThat(cursor(bob, "d1", conversation)).isNull();
        assertThat(ack(alice, "d1", new AckEntry(unknown, 0L)).acks()).containsExactly(new AckEntry(unknown, 0L));
    }

    @Test
    void aNonMemberIsForbidden() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = conversation(alice, bob, 10);

        assertProblem(post(new AckRequest(uid("eve"), "d1", List.of(new AckEntry(conversation, 1L)))), 403, "FORBIDDEN");
        assertProblem(post(new AckRequest(alice, "d1", List.of(new AckEntry("g:" + uid("team"), 0L)))), 403, "FORBIDDEN");
    }

    @Test
    void oneBadEntryRefusesTheWholeRequestAndChangesNothing() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String carol = uid("carol");
        String withAlice = conversation(alice, bob, 10);
        String withCarol = conversation(bob, carol, 3);
        ack(bob, "d1", new AckEntry(withAlice, 2L));

        assertProblem(post(new AckRequest(bob, "d1", List.of(new AckEntry(withAlice, 9L), new AckEntry(withCarol, 4L)))),
                400, "BAD_FRAME");
        assertProblem(post(new AckRequest(bob, "d1", List.of(new AckEntry(withAlice, 9L),
                new AckEntry(ConversationId.direct(alice, carol).value(), 0L)))), 403, "FORBIDDEN");
        assertProblem(post(new AckRequest(bob, "d1", List.of(new AckEntry(withAlice, 9L), new AckEntry("p:zz:aa", 1L)))),
                400, "BAD_FRAME");

        assertThat(cursor(bob, "d1", withAlice)).isEqualTo(2);
        assertThat(cursor(bob, "d1", withCarol)).isNull();
    }

    @Test
    void aMalformedBodyIsABadFrameProblem() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = conversation(alice, bob, 10);
        for (String body : List.of("{\"uid\":\"" + bob + "\",\"acks\":[{\"seq\":\"x\"}",
                "{\"uid\":\"" + bob + "\",\"deviceId\":\"d1\",\"acks\":[{\"conversationId\":\"" + conversation + "\",\"seq\":\"5\"}]}",
                "{\"uid\":\"" + bob + "\",\"deviceId\":\"d1\",\"acks\":[{\"conversationId\":\"" + conversation + "\",\"seq\":1.5}]}")) {
            HttpResponse<String> response = HTTP.send(TestTrust.internalPost(
                    URI.create("http://localhost:" + port + "/internal/v1/acks"), body).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertProblem(response, 400, "BAD_FRAME");
        }
        assertThat(cursor(bob, "d1", conversation)).isNull();
    }

    @Test
    void anAdvancedCursorIsDeliveredToEveryDeviceOfThePeer() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = conversation(alice, bob, 10);
        online(alice, "phone", CONNECTOR_A);
        online(alice, "desktop", CONNECTOR_B);
        online(bob, "phone", CONNECTOR_A);

        ack(bob, "phone", new AckEntry(conversation, 4L));

        ServerFrame expected = new ServerFrame.Delivered(conversation, 4, bob, false);
        await().atMost(Duration.ofSeconds(10)).until(() -> CONNECTOR_A.pushesFor(conversation).size() == 1
                && CONNECTOR_B.pushesFor(conversation).size() == 1);
        assertThat(CONNECTOR_A.pushesFor(conversation)).containsExactly(new PushRequest.Push(List.of(alice), expected));
        assertThat(CONNECTOR_B.pushesFor(conversation)).containsExactly(new PushRequest.Push(List.of(alice), expected));

        ack(bob, "phone", new AckEntry(conversation, 4L));
        ack(bob, "phone", new AckEntry(conversation, 6L));
        await().atMost(Duration.ofSeconds(10)).until(() -> CONNECTOR_A.pushesFor(conversation).size() == 2);
        assertThat(CONNECTOR_A.pushesFor(conversation).get(1).frame())
                .isEqualTo(new ServerFrame.Delivered(conversation, 6, bob, false));
    }

    @Test
    void aBatchTellsThePeersInOnePushPerConnector() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String carol = uid("carol");
        String withBob = conversation(alice, bob, 10);
        String withCarol = conversation(alice, carol, 10);
        try (StandInConnector alicesConnector = new StandInConnector()) {
            online(alice, "phone", alicesConnector);
            online(bob, "phone", CONNECTOR_B);
            online(carol, "phone", CONNECTOR_B);

            HttpResponse<String> response = postBatch(PigeonJson.mapper().writeValueAsString(new AckBatchRequest(List.of(
                    new AckRequest(bob, "phone", List.of(new AckEntry(withBob, 4L))),
                    new AckRequest(carol, "phone", List.of(new AckEntry(withCarol, 7L)))))));

            assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
            await().atMost(Duration.ofSeconds(10)).until(() -> alicesConnector.pushes().size() == 2);
            assertThat(alicesConnector.pushes()).containsExactlyInAnyOrder(
                    new PushRequest.Push(List.of(alice), new ServerFrame.Delivered(withBob, 4, bob, false)),
                    new PushRequest.Push(List.of(alice), new ServerFrame.Delivered(withCarol, 7, carol, false)));
            assertThat(alicesConnector.requests()).as("one push request for the whole batch").isEqualTo(1);
        }
    }

    @Test
    void exposesProbesAndMetrics() throws Exception {
        for (String probe : List.of("liveness", "readiness")) {
            HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
                    URI.create("http://localhost:" + managementPort + "/actuator/health/" + probe)).build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(health.statusCode()).as(probe).isEqualTo(200);
        }
        HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
                URI.create("http://localhost:" + managementPort + "/actuator/prometheus")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body()).contains("application=\"message-service\"", "pigeon_message_stored", "pigeon_message_acks", "pigeon_message_deadletters",
                "pigeon_message_pushes_failed", "pigeon_message_duplicates", "pigeon_message_batches_processed",
                "pigeon_message_sends_stored_seconds_bucket", "pigeon_message_stores_pushed_seconds_bucket");
    }

    @Test
    void eachRequestIsTimedUntilItsCursorsAreDurable() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = conversation(alice, bob, 10);
        Timer windowed = meters.get("pigeon.message.acks.flushed").tags("flush", "window", "outcome", "success").timer();
        Timer now = meters.get("pigeon.message.acks.flushed").tags("flush", "now", "outcome", "success").timer();
        Timer refused = meters.get("pigeon.message.acks.flushed").tags("flush", "window", "outcome", "failure").timer();
        long[] before = {windowed.count(), now.count(), refused.count()};

        ack(bob, "d1", new AckEntry(conversation, 3L));
        assertThat(post(new AckRequest(bob, "d1", List.of(new AckEntry(conversation, 4L))), "?flush=now").statusCode())
                .isEqualTo(200);
        assertProblem(post(new AckRequest(uid("eve"), "d1", List.of(new AckEntry(conversation, 1L)))), 403, "FORBIDDEN");

        // stopped when the request's future completes, which the answer follows
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(new long[] {windowed.count(), now.count(),
                refused.count()}).containsExactly(before[0] + 1, before[1] + 1, before[2] + 1));
        assertThat(windowed.takeSnapshot().histogramCounts()).isNotEmpty();
        assertThat(windowed.max(TimeUnit.MILLISECONDS)).isGreaterThan(0);
    }

    @Test
    void aBatchRecordsOrRefusesEachRequestOnItsOwnInOrder() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String carol = uid("carol");
        String withBob = conversation(alice, bob, 10);
        String withCarol = conversation(alice, carol, 5);

        AckBatchRequest batch = new AckBatchRequest(List.of(
                new AckRequest(bob, "phone", List.of(new AckEntry(withBob, 4L))),
                new AckRequest(uid("eve"), "d1", List.of(new AckEntry(withBob, 1L))),
                new AckRequest(carol, "laptop", List.of(new AckEntry(withCarol, 6L))),
                new AckRequest(alice, "d1", List.of(new AckEntry(withBob, 10L), new AckEntry(withCarol, 5L))),
                new AckRequest("not a uid", "d1", List.of(new AckEntry(withBob, 1L)))));
        HttpResponse<String> response = postBatch(PigeonJson.mapper().writeValueAsString(batch));

        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        List<AckBatchResponse.Result> results = PigeonJson.mapper().readValue(response.body(), AckBatchResponse.class)
                .results();
        assertThat(results).hasSize(5);
        assertThat(results.get(0)).isEqualTo(AckBatchResponse.Result.recorded(List.of(new AckEntry(withBob, 4L))));
        assertThat(results.get(1)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(403);
            assertThat(r.code()).isEqualTo("FORBIDDEN");
        });
        assertThat(results.get(2)).satisfies(r -> {
            assertThat(r.status()).isEqualTo(400);
            assertThat(r.code()).isEqualTo("BAD_FRAME");
            assertThat(r.detail()).contains("6");
        });
        assertThat(results.get(3).acks()).containsExactly(new AckEntry(withBob, 10L), new AckEntry(withCarol, 5L));
        assertThat(results.get(4).code()).isEqualTo("BAD_FRAME");
        // what was recorded is durable once the batch is answered; what was refused changed nothing
        assertThat(cursor(bob, "phone", withBob)).isEqualTo(4);
        assertThat(cursor(alice, "d1", withBob)).isEqualTo(10);
        assertThat(cursor(alice, "d1", withCarol)).isEqualTo(5);
        assertThat(cursor(carol, "laptop", withCarol)).isNull();

        assertProblem(postBatch("{\"requests\":[]}"), 400, "BAD_FRAME");
        HttpResponse<String> withNull = postBatch("{\"requests\":[null]}");
        assertThat(withNull.statusCode()).as(withNull.body()).isEqualTo(200);
        assertThat(PigeonJson.mapper().readValue(withNull.body(), AckBatchResponse.class).results())
                .singleElement().satisfies(r -> assertThat(r.code()).isEqualTo("BAD_FRAME"));
    }

    /** A one-to-one conversation whose last seq is {@code maxSeq}, as the uplink would have left it. */
    private String conversation(String a, String b, long maxSeq) {
        ConversationId id = ConversationId.direct(a, b);
        writes.upsertConversations(List.of(new ConversationRow(id.value(), "p", maxSeq, 0)));
        writes.insertMemberships(id.members().stream().map(uid -> new MembershipRow(uid, id.value())).toList());
        return id.value();
    }

    private Long cursor(String uid, String deviceId, String conversationId) {
        List<Long> found = jdbc.queryForList("SELECT ack_seq FROM device_cursor WHERE uid = ? AND device_id = ? "
                + "AND conversation_id = ?", Long.class, uid, deviceId, conversationId);
        return found.isEmpty() ? null : found.get(0);
    }

    private AckResponse ack(String uid, String deviceId, AckEntry... acks) throws Exception {
        HttpResponse<String> response = post(new AckRequest(uid, deviceId, List.of(acks)));
        assertThat(response.statusCode()).as(response.body()).isEqualTo(200);
        return PigeonJson.mapper().readValue(response.body(), AckResponse.class);
    }

    private HttpResponse<String> post(AckRequest request) throws Exception {
        return post(request, "");
    }

    private HttpResponse<String> post(AckRequest request, String query) throws Exception {
        return HTTP.send(TestTrust.internalPost(URI.create("http://localhost:" + port + "/internal/v1/acks" + query),
                PigeonJson.mapper().writeValueAsString(request)).build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> postBatch(String json) throws Exception {
        return HTTP.send(TestTrust.internalPost(URI.create("http://localhost:" + port + "/internal/v1/acks/batch"), json)
                .build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void assertProblem(HttpResponse<String> response, int status, String code) {
        assertThat(response.statusCode()).as(response.body()).isEqualTo(status);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(
                type -> assertThat(type).startsWith("application/problem+json"));
        JsonNode body = PigeonJson.mapper().readTree(response.body());
        assertThat(body.path("code").asString()).isEqualTo(code);
        assertThat(body.path("status").asInt()).isEqualTo(status);
    }
}
