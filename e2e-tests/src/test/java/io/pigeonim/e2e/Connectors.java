package io.pigeonim.e2e;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import io.lettuce.core.RedisClient;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.api.sync.RedisCommands;
import io.pigeonim.common.redis.RedisKeys;

/**
 * The local system's connector instances, as the runner records them ({@code .run/pids/connector-service-N.pid}
 * and {@code .port}), and where a device is connected, from the route registry in Redis (read only, as
 * message-service reads it: docs/internal-contracts.md).
 */
final class Connectors implements AutoCloseable {

    private final Path pids = Path.of(System.getenv().getOrDefault("PIGEON_RUN_DIR",
            PigeonSystem.repositoryRoot().resolve(".run").toString())).resolve("pids");
    private final RedisClient client = RedisClient.create("redis://" + System.getenv().getOrDefault("REDIS_HOST",
            "127.0.0.1") + ":" + System.getenv().getOrDefault("REDIS_PORT", "6379"));
    private final StatefulRedisConnection<String, String> connection = client.connect();
    private final RedisCommands<String, String> redis = connection.sync();

    /** The instance number (1, 2, …) that holds {@code device}'s route; waits for the route to appear. */
    int instanceOf(TestClient device) {
        return await().atMost(Duration.ofSeconds(10)).until(() -> currentInstanceOf(device), n -> n > 0);
    }

    /** The instance holding {@code device}'s route now, 0 when none does. */
    int currentInstanceOf(TestClient device) throws IOException {
        String connectorId = redis.hget(RedisKeys.route(device.uid), device.deviceId);
        String url = connectorId == null ? null : redis.get(RedisKeys.connector(connectorId));
        if (url == null) {
            return 0;
        }
        int port = URI.create(url).getPort();
        for (int n = 1; n <= PigeonSystem.CONNECTORS; n++) {
            Path portFile = pids.resolve("connector-service-" + n + ".port");
            if (Files.exists(portFile) && Integer.parseInt(Files.readString(portFile).strip()) == port) {
                return n;
            }
        }
        throw new IllegalStateException("route of " + device.uid + "/" + device.deviceId + " names " + url
                + ", which is no connector of the runner's");
    }

    /** Kills instance {@code n} with SIGKILL, as a crash would, and waits until it is gone. */
    void kill9(int n) throws IOException, InterruptedException {
        long pid = Long.parseLong(Files.readString(pids.resolve("connector-service-" + n + ".pid")).strip());
        ProcessHandle process = ProcessHandle.of(pid)
                .orElseThrow(() -> new IllegalStateException("connector-service-" + n + " (pid " + pid + ") is not running"));
        new ProcessBuilder("kill", "-9", String.valueOf(pid)).inheritIO().start().waitFor();
        process.onExit().join();
    }

    @Override
    public void close() {
        connection.close();
        client.shutdown();
    }
}
