package io.pigeonim.deploy.launcher;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.kafka.Topics;

/** The launcher's facts come from the build, and the launcher repeats none of them. */
class LauncherFactsTest {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    @Test
    void theFactsNameTheVersionEachServicesPortsAndTheTopics() throws Exception {
        String facts = LauncherFacts.render("1.2.3-SNAPSHOT", ROOT);

        assertThat(facts).contains("PIGEON_VERSION=1.2.3-SNAPSHOT\n",
                "declare -gA PORT=( [seq-service]=8084 [message-service]=8082 [connector-service]=8081 "
                        + "[offline-service]=8083 [gateway-service]=8080 )\n",
                "[gateway-service]=18080 )\n", "KAFKA_PORT_DEFAULT=9092\n",
                "TOPIC_UPLINK=" + Topics.UPLINK + "\n", "TOPIC_DEAD_LETTER=" + Topics.UPLINK_DEAD_LETTER + "\n",
                "TOPIC_RETRY=" + Topics.UPLINK_RETRY + "\n");
    }

    @Test
    void aPortIsANumberOrAnEnvironmentVariableWithANumberAsDefault() {
        assertThat(LauncherFacts.port(Map.of("server", Map.of("port", "${SERVER_PORT:8080}")), "server", "x"))
                .isEqualTo(8080);
        assertThat(LauncherFacts.port(Map.of("server", Map.of("port", 9000)), "server", "x")).isEqualTo(9000);
        assertThatThrownBy(() -> LauncherFacts.port(Map.of("server", Map.of("port", "${SERVER_PORT}")), "server", "x"))
                .hasMessageContaining("x application.yml server.port: ${SERVER_PORT}");
    }

    @Test
    void theLauncherRepeatsNoPortTopicOrVersion() throws Exception {
        String launcher = Files.readString(ROOT.resolve("pigeon"));

        assertThat(launcher).doesNotContain(Topics.UPLINK, "0.1.0", "8080", "8081", "8082", "8083", "8084",
                "9092", "9093", "replication.factor=", "process.roles");
    }
}
