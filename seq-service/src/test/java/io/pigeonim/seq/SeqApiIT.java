package io.pigeonim.seq;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import io.pigeonim.testsupport.TestTrust;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.JdbcTemplate;

/** The contract of POST /internal/v1/seqs, and many threads on two instances at once (real Redis, real MySQL). */
class SeqApiIT {

    private static final SeqClient client = new SeqClient();
    private static Map<String, String> properties;
    private static SeqInstance first;

    @BeforeAll
    static void start() {
        TestDatabase db = TestInfra.freshDatabase("seq_api");
        properties = Map.of(
                "spring.datasource.url", db.jdbcUrl(),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password(),
                "spring.data.redis.host", TestInfra.redisHost(),
                "spring.data.redis.port", Integer.toString(TestInfra.redisPort()),
                "pigeon.seq.key-prefix", "it:" + UUID.randomUUID() + ":seq:",
                "pigeon.seq.block-size", "7");
        first = SeqInstance.start(properties);
    }

    @AfterAll
    static void stop() {
        first.close();
    }

    @Test
    void answersOneRangePerConversationInRequestOrder() {
        Map<String, Integer> batch = new LinkedHashMap<>();
        batch.put("p:alice:bob", 3);
        batch.put("g:team-1", 1);
        batch.put("p:Zed:alice", 10);

        SeqClient.Answer one = client.allocate(first.baseUrl(), batch);
        SeqClient.Answer two = client.allocate(first.baseUrl(), Map.of("p:alice:bob", 2));

        assertThat(one.status()).isEqualTo(200);
        assertThat(one.ranges()).containsExactly(
                new SeqClient.Range("p:alice:bob", 1, 3),
                new SeqClient.Range("g:team-1", 1, 1),
                new SeqClient.Range("p:Zed:alice", 1, 10));
        assertThat(two.ranges()).containsExactly(new SeqClient.Range("p:alice:bob", 4, 5));
    }

    @Test
    void refusesCallsWithoutAValidServiceCredentialAndAllocatesNothing() throws Exception {
        String body = SeqClient.body(Map.of("g:uncredentialed", 5));
        URI uri = URI.create(first.baseUrl() + "/internal/v1/seqs");
        HttpClient http = HttpClient.newHttpClient();
        String otherBody = SeqClient.body(Map.of("g:uncredentialed", 500));
        List<HttpRequest> refused = List.of(
                HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                // a credential for another body
                HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                        .header(IdentityHeaders.SERVICE,
                                TestTrust.serviceToken("POST", "/internal/v1/seqs", body))
                        .POST(HttpRequest.BodyPublishers.ofString(otherBody)).build());
        for (HttpRequest request : refused) {
            HttpResponse<String> answer = http.send(request,
                    HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.body()).contains("\"code\":\"UNAUTHORIZED\"");
        }

        SeqClient.Answer allowed = client.allocate(first.baseUrl(), Map.of("g:uncredentialed", 1));
        assertThat(allowed.status()).as("answer: %s", allowed.body()).isEqualTo(200);
        assertThat(allowed.ranges()).containsExactly(new SeqClient.Range("g:uncredentialed", 1, 1));
    }

    @Test
    void refusesMalformedRequestsWithProblemDetails() {
        String many = "{\"allocations\":[" + String.join(",", java.util.Collections.nCopies(1001,
                "{\"conversationId\":\"g:x\",\"count\":1}")) + "]}";
        for (String body : List.of(
                "not json",
                "{}",
                "{\"allocations\":[]}",
                many,
                "{\"allocations\":[{\"conversationId\":\"p:bob:alice\",\"count\":1}]}",
                "{\"allocations\":[{\"conversationId\":\"p:alice:alice\",\"count\":1}]}",
                "{\"allocations\":[{\"conversationId\":\"p:alice\",\"count\":1}]}",
                "{\"allocations\":[{\"conversationId\":\"g:bad.group\",\"count\":1}]}",
                "{\"allocations\":[{\"conversationId\":\"x:alice\",\"count\":1}]}",
                "{\"allocations\":[{\"conversationId\":\"g:a\",\"count\":0}]}",
                "{\"allocations\":[{\"conversationId\":\"g:a\",\"count\":1001}]}",
                "{\"allocations\":[{\"conversationId\":\"g:a\"}]}",
                "{\"allocations\":[{\"conversationId\":\"g:a\",\"count\":1},{\"conversationId\":\"g:a\",\"count\":1}]}")) {
            SeqClient.Answer answer = client.post(first.baseUrl(), body);
            assertThat(answer.status()).as(body.length() > 80 ? body.substring(0, 80) : body).isEqualTo(400);
            assertThat(answer.body().get("code").asString()).isEqualTo("BAD_REQUEST");
            assertThat(answer.body().get("detail").asString()).isNotBlank();
        }
        assertThat(client.post(first.baseUrl(), "{\"allocations\":[{\"conversationId\":\"g:a\",\"count\":1000}]}")
                .status()).isEqualTo(200);
    }

    @Test
    void exposesProbesAndMeters() throws Exception {
        client.allocate(first.baseUrl(), Map.of("g:meters", 1));

        assertThat(client.get(first.managementUrl(), "/actuator/health/liveness").getKey()).isEqualTo(200);
        assertThat(client.get(first.managementUrl(), "/actuator/health/readiness").getKey()).isEqualTo(200);
        String prometheus = client.get(first.managementUrl(), "/actuator/prometheus").getValue();
        assertThat(client.get(first.baseUrl(), "/actuator/prometheus").getKey()).isEqualTo(404);
        assertThat(prometheus).contains("application=\"seq-service\"", "pigeon_seq_allocations_total", "pigeon_seq_blocks_persisted_total");
    }

    @Test
    void manyThreadsOnTwoInstancesNeverShareOrReverseASeq() throws Exception {
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            conversations.add("g:busy-" + i);
        }
        SeqLedger ledger = new SeqLedger();
        try (SeqInstance second = SeqInstance.start(properties)) {
            List<String> urls = List.of(first.baseUrl(), second.baseUrl());
            AtomicInteger turn = new AtomicInteger();
            try (SeqLoad load = new SeqLoad(8, conversations, () -> urls.get(turn.getAndIncrement() % 2), ledger)) {
                load.awaitMore(2000, 120_000);
                assertThat(load.failed()).as("failed calls, last: %s", load.lastFailure()).isZero();
            }
        }
        ledger.assertUniqueAndIncreasing();
        // the durable mark covers everything handed out
        JdbcTemplate jdbc = first.bean(JdbcTemplate.class);
        for (String id : conversations) {
            Long mark = jdbc.queryForObject("SELECT max_seq FROM seq_block WHERE conversation_id = ?", Long.class, id);
            assertThat(mark).isGreaterThanOrEqualTo(ledger.max(id));
        }
    }
}
