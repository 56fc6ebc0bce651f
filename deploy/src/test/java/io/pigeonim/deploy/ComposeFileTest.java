package io.pigeonim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.junit.jupiter.api.Test;

import org.yaml.snakeyaml.Yaml;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;

/**
 * deploy/compose.yaml is a valid Compose file (the compose specification's JSON schema, checked in as
 * deploy/schemas/compose-spec.json) that starts the whole stack in order: every long-running container has a health
 * check, every dependency waits for health, and only the gateway's public port (and the dashboards) are published.
 */
class ComposeFileTest {

    /** Read as Compose reads it: YAML 1.1 with merge keys resolved (SnakeYAML). */
    private static final JsonNode COMPOSE = Repo.JSON.valueToTree(new Yaml().load(Repo.read("deploy/compose.yaml")));

    @Test
    void theFileValidatesAgainstTheComposeSpecification() throws Exception {
        ObjectNode spec = (ObjectNode) Repo.JSON.readTree(Repo.read("deploy/schemas/compose-spec.json"));
        // a relative $id ("compose_spec.json") the validator refuses as a base URI; nothing refers to it
        spec.remove("$id");
        JsonSchema schema = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V7).getSchema(spec);
        assertThat(schema.validate(COMPOSE)).isEmpty();
    }

    @Test
    void theWholeStackStartsInOrderOfHealth() {
        JsonNode services = COMPOSE.path("services");
        assertThat(fieldNames(services)).containsExactlyInAnyOrder("kafka", "kafka-topics", "redis", "mysql",
                "seq-service", "message-service", "connector-service", "offline-service", "gateway-service",
                "prometheus", "grafana");
        for (String name : fieldNames(services)) {
            JsonNode service = services.path(name);
            if (!name.equals("kafka-topics")) {
                assertThat(service.path("healthcheck").path("test").isArray()).as(name + " healthcheck").isTrue();
            }
            for (String dependency : fieldNames(service.path("depends_on"))) {
                assertThat(services.has(dependency)).as(name + " depends on " + dependency).isTrue();
                assertThat(service.path("depends_on").path(dependency).path("condition").asText()).as(name)
                        .isIn("service_healthy", "service_completed_successfully");
            }
        }
        // offline-service reads the schema message-service applies
        assertThat(services.path("offline-service").path("depends_on").has("message-service")).isTrue();
        assertThat(services.path("message-service").path("depends_on").path("kafka-topics").path("condition").asText())
                .isEqualTo("service_completed_successfully");
    }

    @Test
    void onlyTheGatewayAndTheDashboardsArePublished() {
        JsonNode services = COMPOSE.path("services");
        Set<String> published = new HashSet<>();
        for (String name : fieldNames(services)) {
            services.path(name).path("ports").forEach(port -> published.add(name + " " + port.asText()));
        }
        assertThat(published).containsExactlyInAnyOrder("gateway-service 8080:8080", "prometheus 9090:9090",
                "grafana 3000:3000");
        for (String name : OverlayRulesTest.SERVICES) {
            JsonNode service = services.path(name);
            assertThat(service.path("build").path("dockerfile").asText()).isEqualTo("deploy/docker/Dockerfile");
            assertThat(service.path("build").path("args").path("SERVICE").asText()).isEqualTo(name);
            assertThat(service.path("environment").path("MANAGEMENT_PORT").asText()).isEqualTo("9090");
            assertThat(service.path("healthcheck").path("test").toString()).contains("9090/actuator/health/readiness");
        }
    }

    private static List<String> fieldNames(JsonNode object) {
        List<String> names = new ArrayList<>();
        object.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
