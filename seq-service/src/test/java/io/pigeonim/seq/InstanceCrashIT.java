package io.pigeonim.seq;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.junit.jupiter.api.Test;

/**
 * A seq-service process is killed (SIGKILL) in the middle of a run while another instance keeps
 * serving, then started again: every later seq stays above every earlier one.
 */
class InstanceCrashIT {

    private final SeqClient client = new SeqClient();

    @Test
    void seqsKeepGrowingWhenAnInstanceIsKilledAndRestarted() throws Exception {
        TestDatabase db = TestInfra.freshDatabase("seq_crash");
        Map<String, String> properties = Map.of(
                "spring.datasource.url", db.jdbcUrl(),
                "spring.datasource.username", db.username(),
                "spring.datasource.password", db.password(),
                "spring.data.redis.host", TestInfra.redisHost(),
                "spring.data.redis.port", Integer.toString(TestInfra.redisPort()),
                "pigeon.seq.key-prefix", "it:" + UUID.randomUUID() + ":seq:",
                "pigeon.seq.block-size", "20");
        List<String> conversations = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            conversations.add("g:crash-" + i);
        }
        SeqLedger ledger = new SeqLedger();
        int port = TestInfra.freePort();
        int managementPort = TestInfra.freePort();
        String processUrl = "http://127.0.0.1:" + port;
        String processManagementUrl = "http://127.0.0.1:" + managementPort;
        try (SeqInstance inJvm = SeqInstance.start(properties)) {
            Process process = startProcess(properties, port, managementPort);
            try {
                awaitReady(processManagementUrl);
                List<String> urls = List.of(inJvm.baseUrl(), processUrl);
                AtomicInteger turn = new AtomicInteger();
                try (SeqLoad load = new SeqLoad(6, conversations, () -> urls.get(turn.getAndIncrement() % 2), ledger)) {
                    load.awaitMore(400, 60_000);
                    process.destroyForcibly().waitFor();
                    load.awaitMore(200, 60_000);
                    process = startProcess(properties, port, managementPort);
                    awaitReady(processManagementUrl);
                    load.awaitMore(400, 60_000);
                }
            } finally {
                process.destroyForcibly().waitFor();
            }
        }
        ledger.assertUniqueAndIncreasing();
        assertThat(ledger.ranges()).isGreaterThan(1000);
    }

    private static Process startProcess(Map<String, String> properties, int port, int managementPort)
            throws IOException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m", "-XX:TieredStopAtLevel=1",
                "-Dpigeon.development-mode=true", "-jar", bootJar().toString(), "--server.port=" + port,
                "--management.server.port=" + managementPort));
        properties.forEach((k, v) -> command.add("--" + k + "=" + v));
        return new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(Path.of("target", "instance-crash-it.log").toFile()))
                .start();
    }

    private static Path bootJar() throws IOException {
        try (Stream<Path> files = Files.list(Path.of("target"))) {
            return files.filter(p -> p.getFileName().toString().matches("seq-service-.*\\.jar")).findFirst()
                    .orElseThrow(() -> new IllegalStateException("no seq-service jar in target/ (run mvn verify)"));
        }
    }

    private void awaitReady(String url) throws Exception {
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (client.get(url, "/actuator/health/readiness").getKey() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // starting
            }
            Thread.sleep(200);
        }
        throw new AssertionError("seq-service process on " + url + " not ready in 90 s, see target/instance-crash-it.log");
    }
}
