package io.pigeonim.seq.counter;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntFunction;

import io.lettuce.core.RedisNoScriptException;
import io.lettuce.core.ScriptOutputType;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import org.springframework.data.redis.connection.RedisConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnection;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;

import io.pigeonim.common.async.Failures;

/**
 * {@link SeqCounter} on Redis: each operation is a Lua script over many counter hashes, all
 * scripts of one call sent at once (Lettuce pipelines async commands on its shared connection).
 *
 * @implNote A script calls {@code INFO server} once to learn the run id of the process it runs
 *     in, so it is cheaper per key with many keys per script. On a standalone or sentinel Redis a
 *     script takes up to {@code keysPerScript} keys of any slot; with Redis Cluster
 *     ({@link LettuceConnectionFactory#isClusterAware()}) only keys of one slot, which is correct
 *     but costs about one INFO per key. Rejected: a run id passed in by the caller (a caller that
 *     has not yet noticed a failover would vouch for a stale replica's data), and
 *     one multi-slot script everywhere (CROSSSLOT on a cluster).
 */
public class RedisSeqCounter implements SeqCounter {

    private static final LuaScript ALLOCATE = LuaScript.load("allocate");
    private static final LuaScript EXTEND = LuaScript.load("extend");
    private static final LuaScript STAGE = LuaScript.load("stage");
    private static final LuaScript ACTIVATE = LuaScript.load("activate");
    private static final LuaScript ABORT = LuaScript.load("abort");

    private final LettuceConnectionFactory connections;
    private final CounterKeys keys;
    private final int keysPerScript;
    private final Duration timeout;
    private final Duration pendingTtl;

    public RedisSeqCounter(LettuceConnectionFactory connections, String keyPrefix, int keysPerScript,
            Duration timeout, Duration pendingTtl) {
        this.connections = connections;
        this.keys = new CounterKeys(keyPrefix);
        this.keysPerScript = keysPerScript;
        this.timeout = timeout;
        this.pendingTtl = pendingTtl;
    }

    @Override
    public List<CounterReply> allocate(List<CountRequest> requests) {
        long[] reply = run(ALLOCATE, ids(requests.stream().map(CountRequest::conversationId).toList()),
                List.of(), i -> List.of(Integer.toString(requests.get(i).count())), 3);
        List<CounterReply> out = new ArrayList<>(requests.size());
        for (int i = 0; i < requests.size(); i++) {
            long a = reply[3 * i + 1];
            long b = reply[3 * i + 2];
            int status = (int) reply[3 * i];
            out.add(switch (status) {
                case 0 -> new CounterReply.Missing();
                case 1 -> new CounterReply.Pending();
                case 2 -> new CounterReply.Granted(a, b);
                case 3 -> new CounterReply.Exhausted(a, b);
                default -> throw new IllegalStateException("allocate.lua status: " + status);
            });
        }
        return out;
    }

    @Override
    public List<Boolean> extend(List<Block> blocks) {
        return flags(run(EXTEND, ids(blocks.stream().map(Block::conversationId).toList()), List.of(),
                i -> List.of(Long.toString(blocks.get(i).ceil())), 1));
    }

    @Override
    public List<Boolean> stage(List<Block> blocks, String token) {
        return flags(run(STAGE, ids(blocks.stream().map(Block::conversationId).toList()),
                List.of(token, Long.toString(pendingTtl.toMillis())),
                i -> List.of(Long.toString(blocks.get(i).floor()), Long.toString(blocks.get(i).ceil())), 1));
    }

    @Override
    public List<Boolean> activate(List<String> conversationIds, String token) {
        return flags(run(ACTIVATE, ids(conversationIds), List.of(token), i -> List.of(), 1));
    }

    @Override
    public void abort(List<String> conversationIds, String token) {
        run(ABORT, ids(conversationIds), List.of(token), i -> List.of(), 1);
    }

    private List<String> ids(List<String> conversationIds) {
        return conversationIds.stream().map(keys::key).toList();
    }

    /** Runs {@code script} over {@code keyNames} in slot-safe groups; {@code width} reply integers per key. */
    private long[] run(LuaScript script, List<String> keyNames, List<String> shared,
            IntFunction<List<String>> perKey, int width) {
        long[] out = new long[keyNames.size() * width];
        if (keyNames.isEmpty()) {
            return out;
        }
        List<List<Integer>> groups = groups(keyNames);
        List<CompletableFuture<List<Object>>> futures = new ArrayList<>(groups.size());
        try (RedisConnection connection = connections.getConnection()) {
            RedisClusterAsyncCommands<byte[], byte[]> commands = ((LettuceConnection) connection).getNativeConnection();
            for (List<Integer> group : groups) {
                byte[][] k = new byte[group.size()][];
                List<byte[]> args = new ArrayList<>();
                shared.forEach(a -> args.add(bytes(a)));
                for (int j = 0; j < group.size(); j++) {
                    k[j] = bytes(keyNames.get(group.get(j)));
                    perKey.apply(group.get(j)).forEach(a -> args.add(bytes(a)));
                }
                futures.add(eval(commands, script, k, args.toArray(new byte[0][])));
            }
            long deadline = System.nanoTime() + timeout.toNanos();
            for (int g = 0; g < groups.size(); g++) {
                List<Object> reply = futures.get(g).get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
                List<Integer> group = groups.get(g);
                for (int j = 0; j < group.size(); j++) {
                    for (int w = 0; w < width; w++) {
                        out[group.get(j) * width + w] = (Long) reply.get(j * width + w);
                    }
                }
            }
            return out;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new CounterUnavailableException("interrupted while waiting for Redis", e);
        } catch (ExecutionException | TimeoutException | RuntimeException e) {
            futures.forEach(f -> f.cancel(false));
            throw new CounterUnavailableException("Redis " + script.name() + ".lua failed: " + rootMessage(e), e);
        }
    }

    @SuppressWarnings("unchecked")
    private static CompletableFuture<List<Object>> eval(RedisClusterAsyncCommands<byte[], byte[]> commands,
            LuaScript script, byte[][] keys, byte[][] args) {
        CompletableFuture<List<Object>> bySha = commands.<List<Object>>evalsha(script.sha(), ScriptOutputType.MULTI,
                keys, args).toCompletableFuture();
        // a Redis process that never saw the script (restart, failover, new cluster node) loads it now
        return bySha.exceptionallyCompose(e -> Failures.unwrap(e) instanceof RedisNoScriptException
                ? commands.<List<Object>>eval(script.source(), ScriptOutputType.MULTI, keys, args).toCompletableFuture()
                : CompletableFuture.failedFuture(e));
    }

    private List<List<Integer>> groups(List<String> keyNames) {
        Map<Integer, List<Integer>> bySlot = new LinkedHashMap<>();
        boolean cluster = connections.isClusterAware();
        for (int i = 0; i < keyNames.size(); i++) {
            int slot = cluster ? CounterKeys.slot(keyNames.get(i)) : 0;
            bySlot.computeIfAbsent(slot, s -> new ArrayList<>()).add(i);
        }
        List<List<Integer>> groups = new ArrayList<>();
        for (List<Integer> slotKeys : bySlot.values()) {
            for (int from = 0; from < slotKeys.size(); from += keysPerScript) {
                groups.add(slotKeys.subList(from, Math.min(slotKeys.size(), from + keysPerScript)));
            }
        }
        return groups;
    }

    private static List<Boolean> flags(long[] reply) {
        List<Boolean> out = new ArrayList<>(reply.length);
        for (long r : reply) {
            out.add(r == 1);
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }


    private static String rootMessage(Throwable e) {
        Throwable t = Failures.unwrap(e);
        return t.getClass().getSimpleName() + ": " + t.getMessage();
    }
}
