package io.pigeonim.message.push;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.springframework.data.redis.core.RedisCallback;
import org.springframework.data.redis.core.StringRedisTemplate;

/**
 * Reads the routes connector-service writes (docs/internal-contracts.md): {@code pigeon:route:{<uid>}} is a
 * hash deviceId → connectorId, {@code pigeon:connector:<connectorId>} the live instance's URL.
 * A route whose connector key is gone points at a dead instance and is ignored.
 */
final class RedisRouteDirectory {

    private final StringRedisTemplate redis;

    RedisRouteDirectory(StringRedisTemplate redis) {
        this.redis = redis;
    }

    static String routeKey(String uid) {
        return "pigeon:route:{" + uid + "}";
    }

    static String connectorKey(String connectorId) {
        return "pigeon:connector:" + connectorId;
    }

    /** Two round trips whatever the number of users: the route hashes in one pipeline, then the URLs. */
    Routes lookup(Collection<String> uids) {
        List<String> users = List.copyOf(new LinkedHashSet<>(uids));
        if (users.isEmpty()) {
            return new Routes(Map.of());
        }
        List<Object> hashes = redis.executePipelined((RedisCallback<Object>) connection -> {
            for (String uid : users) {
                connection.hashCommands().hGetAll(routeKey(uid).getBytes(StandardCharsets.UTF_8));
            }
            return null;
        });
        Map<String, Set<String>> connectorIdsByUid = new HashMap<>();
        Set<String> connectorIds = new LinkedHashSet<>();
        for (int i = 0; i < users.size(); i++) {
            if (hashes.get(i) instanceof Map<?, ?> devices && !devices.isEmpty()) {
                Set<String> ids = new LinkedHashSet<>();
                devices.values().forEach(id -> ids.add(String.valueOf(id)));
                connectorIdsByUid.put(users.get(i), ids);
                connectorIds.addAll(ids);
            }
        }
        if (connectorIds.isEmpty()) {
            return new Routes(Map.of());
        }
        List<String> ids = new ArrayList<>(connectorIds);
        List<String> urls = redis.opsForValue().multiGet(ids.stream().map(RedisRouteDirectory::connectorKey).toList());
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
}
