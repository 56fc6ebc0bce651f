package io.pigeonim.connector.route;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

import io.pigeonim.common.redis.RedisKeys;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.data.redis.core.script.DefaultRedisScript;
import org.springframework.data.redis.core.script.RedisScript;

/**
 * {@link RouteRegistry} on Redis: hash {@code pigeon:route:{<uid>}} deviceId → connectorId, and
 * string {@code pigeon:connector:<connectorId>} = advertised URL with a TTL.
 *
 * @implNote Registration is one script (HGET + HSET + EXPIRE) so a route never lives without an expiry
 *     and the previous holder is known; refresh and removal compare first, in one script, so a connector
 *     never takes back or deletes a route that another instance took over in the meantime.
 */
public final class RedisRouteRegistry implements RouteRegistry {

    private static final RedisScript<String> REGISTER = new DefaultRedisScript<>(
            "local previous = redis.call('HGET', KEYS[1], ARGV[1]); "
                    + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); "
                    + "redis.call('PEXPIRE', KEYS[1], ARGV[3]); return previous", String.class);
    private static final RedisScript<Long> REFRESH = new DefaultRedisScript<>(
            "local current = redis.call('HGET', KEYS[1], ARGV[1]); "
                    + "if current and current ~= ARGV[2] then return 0 end; "
                    + "redis.call('HSET', KEYS[1], ARGV[1], ARGV[2]); "
                    + "redis.call('PEXPIRE', KEYS[1], ARGV[3]); return 1", Long.class);
    private static final RedisScript<Long> ANNOUNCE = new DefaultRedisScript<>(
            "local had = redis.call('EXISTS', KEYS[1]); "
                    + "redis.call('SET', KEYS[1], ARGV[1], 'PX', ARGV[2]); return had", Long.class);
    private static final RedisScript<Long> COMPARE_AND_DELETE = new DefaultRedisScript<>(
            "if redis.call('HGET', KEYS[1], ARGV[1]) == ARGV[2] then "
                    + "return redis.call('HDEL', KEYS[1], ARGV[1]) else return 0 end", Long.class);

    private final StringRedisTemplate redis;
    private final String connectorId;
    private final String advertisedUrl;
    private final Duration routeTtl;
    private final Duration connectorTtl;

    public RedisRouteRegistry(StringRedisTemplate redis, String connectorId, String advertisedUrl,
            Duration routeTtl, Duration connectorTtl) {
        this.redis = Objects.requireNonNull(redis, "redis");
        this.connectorId = Objects.requireNonNull(connectorId, "connectorId");
        this.advertisedUrl = Objects.requireNonNull(advertisedUrl, "advertisedUrl");
        this.routeTtl = routeTtl;
        this.connectorTtl = connectorTtl;
    }

    @Override
    public String connectorId() {
        return connectorId;
    }

    @Override
    public String register(String uid, String deviceId) {
        return redis.execute(REGISTER, List.of(RedisKeys.route(uid)), deviceId, connectorId, Long.toString(routeTtl.toMillis()));
    }

    @Override
    public boolean refresh(String uid, String deviceId) {
        Long refreshed = redis.execute(REFRESH, List.of(RedisKeys.route(uid)), deviceId, connectorId,
                Long.toString(routeTtl.toMillis()));
        return refreshed != null && refreshed == 1L;
    }

    @Override
    public Set<String> devices(String uid) {
        Set<String> devices = new HashSet<>();
        redis.opsForHash().keys(RedisKeys.route(uid)).forEach(device -> devices.add((String) device));
        return devices;
    }

    @Override
    public boolean routesHere(String uid, String deviceId) {
        return connectorId.equals(redis.opsForHash().get(RedisKeys.route(uid), deviceId));
    }

    @Override
    public String urlOf(String connectorId) {
        return redis.opsForValue().get(RedisKeys.connector(connectorId));
    }

    @Override
    public void unregister(String uid, String deviceId) {
        redis.execute(COMPARE_AND_DELETE, List.of(RedisKeys.route(uid)), deviceId, connectorId);
    }

    @Override
    public boolean heartbeat() {
        Long had = redis.execute(ANNOUNCE, List.of(RedisKeys.connector(connectorId)), advertisedUrl,
                Long.toString(connectorTtl.toMillis()));
        return had != null && had == 1L;
    }

    @Override
    public void withdraw() {
        redis.delete(RedisKeys.connector(connectorId));
    }
}
