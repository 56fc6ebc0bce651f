package io.pigeonim.seq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

import io.pigeonim.testsupport.PrivateRedis;
import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

/**
 * Redis loses its counters in the middle of a run, three ways: FLUSHALL, a restart with nothing on
 * disk, and a failover to a replica that lags behind. Every later seq stays above every earlier one.
 */
class RedisLossIT {

    @Test
    void seqsKeepGrowingThroughFlushRestartAndStaleFailover() throws Exception {
        TestDatabase db = TestInfra.freshDatabase("seq_redis_loss");
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            conversations.add("p:u" + i + ":v" + i);
        }
        SeqLedger ledger = new SeqLedger();
        try (PrivateRedis redis = PrivateRedis.start(); PrivateRedis replica = PrivateRedis.start()) {
            Map<String, String> properties = Map.of(
                    "spring.datasource.url", db.jdbcUrl(),
                    "spring.datasource.username", db.username(),
                    "spring.datasource.password", db.password(),
                    "spring.data.redis.host", redis.host(),
                    "spring.data.redis.port", Integer.toString(redis.port()),
                    "pigeon.seq.block-size", "50");
            try (SeqInstance a = SeqInstance.start(properties); SeqInstance b = SeqInstance.start(properties)) {
                List<String> urls = List.of(a.baseUrl(), b.baseUrl());
                AtomicInteger turn = new AtomicInteger();
                try (SeqLoad load = new SeqLoad(6, conversations, () -> urls.get(turn.getAndIncrement() % 2), ledger)) {
                    load.awaitMore(300, 60_000);

                    redis.flushAll();
                    load.awaitMore(300, 60_000);

                    redis.restart();
                    load.awaitMore(300, 60_000);

                    // a replica syncs, then falls behind while the master keeps handing out seqs
                    replica.replicate(redis);
                    replica.promote();
                    load.awaitMore(300, 60_000);
                    // failover: the service's address now leads to a process holding the replica's stale data
                    redis.restart();
                    redis.replicate(replica);
                    redis.promote();
                    load.awaitMore(300, 60_000);
                }
            }
        }
        ledger.assertUniqueAndIncreasing();
        assertThat(ledger.ranges()).isGreaterThan(1500);
    }
}
