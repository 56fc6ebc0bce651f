package io.pigeonim.bench.baseline;

import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.async.RedisAsyncCommands;

/**
 * One {@code INCR} per operation (what allocating a seq costs at the least) on keys of its own prefix
 * ({@code pigeon-bench-e2e:<run>:}, deleted after), over one pipelined Lettuce connection.
 */
public final class RedisBaseline implements Baseline {

    private static final int KEYS = 100;

    private final RedisClient client;
    private final StatefulRedisConnection<String, String> connection;
    private final RedisAsyncCommands<String, String> commands;
    private final String prefix;

    public RedisBaseline(String uri, String runId) {
        client = RedisClient.create(uri);
        client.setDefaultTimeout(Duration.ofSeconds(10));
        connection = client.connect();
        commands = connection.async();
        prefix = "pigeon-bench-e2e:" + runId + ":";
    }

    @Override
    public String name() {
        return "redis";
    }

    @Override
    public String operation() {
        return "INCR of a counter key";
    }

    @Override
    public void fire(long index, Done done) {
        commands.incr(prefix + (index % KEYS)).whenComplete((value, failure) -> {
            if (failure == null) {
                done.ok(System.nanoTime());
            } else {
                done.failed(failure);
            }
        });
    }

    @Override
    public void close() {
        try {
            String[] keys = new String[KEYS];
            for (int i = 0; i < KEYS; i++) {
                keys[i] = prefix + i;
            }
            connection.sync().del(keys);
        } finally {
            connection.close();
            client.shutdown(Duration.ZERO, Duration.ofSeconds(2));
        }
    }
}
