package io.pigeonim.message.push;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import io.lettuce.core.RedisFuture;
import io.lettuce.core.cluster.api.async.RedisClusterAsyncCommands;
import io.pigeonim.common.redis.RedisKeys;
import org.springframework.dao.QueryTimeoutException;
import org.springframework.data.redis.RedisSystemException;
import org.springframework.data.redis.connection.RedisConnection;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads the routes connector-service writes (docs/internal-contracts.md): {@code pigeon:route:{<uid>}} is a
 * hash deviceId → connectorId, {@code pigeon:connector:<connectorId>} the live instance's URL.
 * A route whose connector key is gone points at a dead instance and is ignored.
 */
final class RedisRouteDirectory {

    private static final Duration LOOKUP_TIMEOUT = Duration.ofSeconds(10);

    private final StringRedisTemplate redis;

    RedisRouteDirectory(StringRedisTemplate redis) {
        this.redis = redis;
    }

    /** Two round trips whatever the number of users: the route hashes all in flight at once, then the URLs. */
    Routes lookup(Collection<String> uids) {
        List<String> users = List.copyOf(new LinkedHashSet<>(uids));
        if (users.isEmpty()) {
            return new Routes(Map.of());
        }
        List<Map<byte[], byte[]>> hashes = redis.execute((RedisCallback<List<Map<byte[], byte[]>>>) connection ->
                routeHashes(connection, users));
        Map<String, Set<String>> connectorIdsByUid = new HashMap<>();
        Set<String> connectorIds = new LinkedHashSet<>();
        for (int i = 0; i < users.size(); i++) {
            Map<byte[], byte[]> devices = hashes.get(i);
            if (devices != null && !devices.isEmpty()) {
                Set<String> ids = new LinkedHashSet<>();
                devices.values().forEach(id -> ids.add(new String(id, StandardCharsets.UTF_8)));
                connectorIdsByUid.put(users.get(i), ids);
                connectorIds.addAll(ids);
            }
        }
        if (connectorIds.isEmpty()) {
            return new Routes(Map.of());
        }
        List<String> ids = new ArrayList<>(connectorIds);
        List<String> urls = redis.opsForValue().multiGet(ids.stream().map(RedisKeys::connector).toList());
        Map<String, String> urlById = new HashMap<>();
        for (int i = 0; i < ids.size(); i++) {
            String url = urls == null ? null : urls.get(i);
            if (url != null && !url.isBlank()) {
                urlById.put(ids.get(i), url);
            }
        }
        Map<String, Set<String>> routes = new HashMap<>();
        connectorIdsByUid.forEach((uid, idsOfUser) -> {
            Set<String> live = new LinkedHashSet<>();
            idsOfUser.forEach(id -> {
                if (urlById.containsKey(id)) {
                    live.add(urlById.get(id));
                }
            });
            if (!live.isEmpty()) {
                routes.put(uid, live);
            }
        });
        return new Routes(routes);
    }

    /**
     * {@code HGETALL} of every user's route hash, sent together on the shared connection and then awaited.
     *
     * @implNote Not {@code executePipelined}: with Lettuce and no connection pool, each pipeline opens a connection
     *     of its own and closes it afterwards (a TCP connect and handshake per batch, seen in a flight recording).
     *     The shared connection is asynchronous: commands sent one after the other without waiting are in flight
     *     together, one round trip for all of them.
     */
    @SuppressWarnings("unchecked")
    private static List<Map<byte[], byte[]>> routeHashes(RedisConnection connection, List<String> users) {
        if (!(connection.getNativeConnection() instanceof RedisClusterAsyncCommands<?, ?> commands)) {
            throw new IllegalStateException("route lookup needs Lettuce, got " + connection.getNativeConnection());
        }
        RedisClusterAsyncCommands<byte[], byte[]> async = (RedisClusterAsyncCommands<byte[], byte[]>) commands;
        List<RedisFuture<Map<byte[], byte[]>>> sent = new ArrayList<>(users.size());
        for (String uid : users) {
            sent.add(async.hgetall(RedisKeys.route(uid).getBytes(StandardCharsets.UTF_8)));
        }
        long deadline = System.nanoTime() + LOOKUP_TIMEOUT.toNanos();
        List<Map<byte[], byte[]>> hashes = new ArrayList<>(users.size());
        try {
            for (RedisFuture<Map<byte[], byte[]>> hash : sent) {
                hashes.add(hash.get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
            }
        } catch (ExecutionException e) {
            throw new RedisSystemException("route lookup failed: " + e.getCause(), e.getCause());
        } catch (TimeoutException e) {
            throw new QueryTimeoutException("route lookup of " + users.size() + " users took over " + LOOKUP_TIMEOUT, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RedisSystemException("interrupted during a route lookup", e);
        }
        return hashes;
    }
}
