package io.pigeonim.seq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import java.util.UUID;

import io.pigeonim.testsupport.PrivateMariaDb;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * MySQL goes away: allocation inside a persisted block goes on, anything needing a new block
 * answers 503 fast, and once MySQL is back every seq is above the earlier ones and below the mark.
 */
class MySqlOutageIT {

    private static final SeqClient client = new SeqClient();
    private static final String PREFIX = "it:" + UUID.randomUUID() + ":seq:";
    private static PrivateMariaDb mysql;
    private static SeqInstance seq;

    @BeforeAll
    static void start() {
        mysql = PrivateMariaDb.start();
        TestDatabase db = mysql.createDatabase("pigeon");
        seq = SeqInstance.start(Map.of(
                "spring.datasource.url", db.jdbcUrl(),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password(),
                "spring.data.redis.host", TestInfra.redisHost(),
                "spring.data.redis.port", Integer.toString(TestInfra.redisPort()),
                "pigeon.seq.key-prefix", PREFIX,
                "pigeon.seq.block-size", "50"));
    }

    @AfterAll
    static void stop() {
        seq.close();
        mysql.close();
    }

    @Test
    void allocationInsideABlockGoesOnThenRefusesUntilMySqlIsBack() {
        assertThat(allocate("g:outage", 1)).isEqualTo(new SeqClient.Range("g:outage", 1, 1));

        mysql.kill();
        try {
            for (int i = 2; i <= 41; i++) {
                assertThat(allocate("g:outage", 1).first()).isEqualTo(i);
            }
            long before = System.nanoTime();
            SeqClient.Answer pastTheBlock = client.allocate(seq.baseUrl(), Map.of("g:outage", 20));
            SeqClient.Answer newConversation = client.allocate(seq.baseUrl(), Map.of("g:outage-new", 1));
            long millis = (System.nanoTime() - before) / 1_000_000;

            assertThat(pastTheBlock.status()).isEqualTo(503);
            assertThat(pastTheBlock.body().get("code").asString()).isEqualTo("UNAVAILABLE");
            assertThat(newConversation.status()).isEqualTo(503);
            assertThat(millis).as("two refusals took %d ms", millis).isLessThan(8_000);
        } finally {
            mysql.startAgain();
        }

        SeqClient.Range after = allocateOnceMySqlIsBack("g:outage", 20);
        assertThat(after.first()).isGreaterThan(41);
        assertThat(allocateOnceMySqlIsBack("g:outage-new", 1).first()).isEqualTo(1);
        assertThat(mark("g:outage")).isGreaterThanOrEqualTo(after.last());
    }

    @Test
    void aLostCounterIsNotRebuiltWithoutMySql() {
        SeqClient.Range before = allocate("g:lost", 5);
        seq.bean(StringRedisTemplate.class).delete(PREFIX + "{g:lost}");

        mysql.kill();
        try {
            SeqClient.Answer refused = client.allocate(seq.baseUrl(), Map.of("g:lost", 1));
            assertThat(refused.status()).isEqualTo(503);
        } finally {
            mysql.startAgain();
        }

        SeqClient.Range after = allocateOnceMySqlIsBack("g:lost", 1);
        assertThat(after.first()).isGreaterThan(before.last());
        assertThat(mark("g:lost")).isGreaterThanOrEqualTo(after.last());
    }

    private static SeqClient.Range allocate(String conversationId, int count) {
        SeqClient.Answer answer = client.allocate(seq.baseUrl(), Map.of(conversationId, count));
        assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(200);
        return answer.ranges().get(0);
    }

    /** Like message-service: a 503 is retried until it succeeds (the pool may need a moment to reconnect). */
    private static SeqClient.Range allocateOnceMySqlIsBack(String conversationId, int count) {
        long deadline = System.currentTimeMillis() + 15_000;
        SeqClient.Answer answer = client.allocate(seq.baseUrl(), Map.of(conversationId, count));
        while (answer.status() == 503 && System.currentTimeMillis() < deadline) {
            SeqLoad.sleep(100);
            answer = client.allocate(seq.baseUrl(), Map.of(conversationId, count));
        }
        assertThat(answer.status()).as("answer %s", answer.body()).isEqualTo(200);
        return answer.ranges().get(0);
    }

    private static long mark(String conversationId) {
        return seq.bean(JdbcTemplate.class).queryForObject(
                "SELECT max_seq FROM seq_block WHERE conversation_id = ?", Long.class, conversationId);
    }
}
