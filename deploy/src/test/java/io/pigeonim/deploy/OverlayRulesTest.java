package io.pigeonim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

import com.fasterxml.jackson.databind.JsonNode;

import io.pigeonim.common.kafka.Topics;
import io.pigeonim.deploy.NetworkPolicies.Pod;

/**
 * What an operator relies on in each overlay they apply: probes on the management port, bounded resources, a
 * rollout that drains connectors slowly, pushes addressed to the pod itself, a Service/PDB/HPA per Deployment, only
 * the gateway reachable from outside, and Kafka topics that survive the loss of a broker.
 */
class OverlayRulesTest {

    static final List<String> SERVICES = List.of("gateway-service", "connector-service", "message-service",
            "offline-service", "seq-service");
    /** Who calls whom on the service port (docs/architecture.md, services table). */
    static final Map<String, Set<String>> CALLERS = Map.of(
            "gateway-service", Set.of(),
            "connector-service", Set.of("gateway-service", "message-service"),
            "message-service", Set.of("gateway-service", "connector-service", "offline-service"),
            "offline-service", Set.of("gateway-service"),
            "seq-service", Set.of("message-service"));
    /** The keys of the Secret pigeon-secrets (docs/operations.md). */
    static final Set<String> SECRET_KEYS = Set.of("jwt-secret", "sync-token-secret", "mysql-user", "mysql-password",
            "redis-password");

    static Stream<String> overlays() {
        return Stream.of("k8s/overlays/dev", "k8s/overlays/prod");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyServiceIsProbedOnItsManagementPortWithBoundedResources(String overlay) {
        Kustomize.Rendered k8s = Kustomize.render(overlay);
        for (String name : SERVICES) {
            JsonNode container = container(k8s, name);
            assertThat(ports(container)).as(name).containsEntry("http", 8080).containsEntry("management", 9090);
            for (String probe : List.of("startupProbe", "livenessProbe", "readinessProbe")) {
                JsonNode get = container.path(probe).path("httpGet");
                assertThat(get.path("port").asText()).as(name + " " + probe).isEqualTo("management");
                assertThat(get.path("path").asText()).as(name + " " + probe)
                        .isEqualTo(probe.equals("readinessProbe") ? "/actuator/health/readiness"
                                : "/actuator/health/liveness");
            }
            JsonNode resources = container.path("resources");
            for (String kind : List.of("requests", "limits")) {
                assertThat(resources.path(kind).has("cpu") && resources.path(kind).has("memory"))
                        .as(name + " " + kind).isTrue();
            }
            // the heap is a share of the limit: a request below it would let the node overcommit memory
            assertThat(resources.path("requests").path("memory")).as(name).isEqualTo(resources.path("limits").path("memory"));
            assertThat(container.path("securityContext").path("readOnlyRootFilesystem").asBoolean()).as(name).isTrue();
        }
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void aConnectorAdvertisesItsPodAddressAndDrainsWithinItsGracePeriod(String overlay) {
        Kustomize.Rendered k8s = Kustomize.render(overlay);
        JsonNode pod = k8s.one("Deployment", "connector-service").path("spec").path("template").path("spec");
        JsonNode container = container(k8s, "connector-service");
        Map<String, JsonNode> env = env(container);
        assertThat(env.get("POD_IP").path("valueFrom").path("fieldRef").path("fieldPath").asText())
                .isEqualTo("status.podIP");
        assertThat(env.get("CONNECTOR_ADVERTISED_URL").path("value").asText()).isEqualTo("http://$(POD_IP):8080");

        int preStop = container.path("lifecycle").path("preStop").path("sleep").path("seconds").asInt();
        Duration spread = Duration.parse("PT" + config(k8s).get("CONNECTOR_CLOSE_SPREAD").toUpperCase());
        int grace = pod.path("terminationGracePeriodSeconds").asInt();
        assertThat(preStop).isPositive();
        assertThat(spread).isPositive();
        // preStop, then the spread closes, then up to 5 s for the last close frames and the producer's flush
        assertThat(grace).isGreaterThanOrEqualTo(preStop + (int) spread.toSeconds() + 10);

        JsonNode strategy = k8s.one("Deployment", "connector-service").path("spec").path("strategy");
        assertThat(strategy.path("rollingUpdate").path("maxUnavailable").asInt()).isZero();
        assertThat(strategy.path("rollingUpdate").path("maxSurge").asInt()).isEqualTo(1);
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyDeploymentHasAServiceAPodDisruptionBudgetAndAnAutoscaler(String overlay) {
        Kustomize.Rendered k8s = Kustomize.render(overlay);
        for (String name : SERVICES) {
            Map<String, String> labels = podLabels(k8s, name);
            JsonNode service = k8s.one("Service", name);
            assertThat(labels).as(name + " Service selector").containsAllEntriesOf(map(service.path("spec").path("selector")));
            assertThat(service.path("spec").path("ports").findValuesAsText("name")).contains("http", "management");
            JsonNode pdb = k8s.one("PodDisruptionBudget", name);
            assertThat(labels).containsAllEntriesOf(map(pdb.path("spec").path("selector").path("matchLabels")));
            assertThat(pdb.path("spec").path("maxUnavailable").asInt()).isEqualTo(1);
            JsonNode hpa = k8s.one("HorizontalPodAutoscaler", name).path("spec");
            assertThat(hpa.path("scaleTargetRef").path("name").asText()).isEqualTo(name);
            assertThat(hpa.path("minReplicas").asInt()).isLessThanOrEqualTo(hpa.path("maxReplicas").asInt());
        }
        assertThat(metricNames(k8s, "connector-service")).contains("pigeon_connector_connections", "cpu");
        assertThat(metricNames(k8s, "message-service")).contains("kafka_consumer_fetch_manager_records_lag_max", "cpu");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void onlyTheGatewayAndTheConnectorsWebSocketsAreReachableFromOutsideAndEachInternalEndpointOnlyFromItsCallers(
            String overlay) {
        Kustomize.Rendered k8s = Kustomize.render(overlay);
        String namespace = k8s.one("Deployment", "gateway-service").path("metadata").path("namespace").asText();
        NetworkPolicies policies = new NetworkPolicies(k8s, namespace);
        Map<String, Pod> pods = new LinkedHashMap<>();
        for (String name : SERVICES) {
            pods.put(name, new Pod(podLabels(k8s, name), Map.of("kubernetes.io/metadata.name", namespace),
                    ports(container(k8s, name))));
        }
        Pod ingressController = new Pod(Map.of("app.kubernetes.io/name", "ingress-nginx"),
                Map.of("kubernetes.io/metadata.name", "ingress-nginx"), Map.of());
        Pod elsewhere = new Pod(Map.of("app", "anything"), Map.of("kubernetes.io/metadata.name", "default"), Map.of());
        Pod prometheus = new Pod(Map.of("app.kubernetes.io/name", "prometheus"),
                Map.of("kubernetes.io/metadata.name", "monitoring"), Map.of());
        Pod stranger = new Pod(Map.of("app.kubernetes.io/name", "debug-shell"),
                Map.of("kubernetes.io/metadata.name", namespace), Map.of());

        for (String name : SERVICES) {
            Pod target = pods.get(name);
            assertThat(policies.allows(ingressController, target, "http")).as("ingress controller -> " + name)
                    .isEqualTo(name.equals("gateway-service") || name.equals("connector-service"));
            assertThat(policies.allows(elsewhere, target, "http")).as("other namespace -> " + name).isFalse();
            assertThat(policies.allows(stranger, target, "http")).as("other pod -> " + name).isFalse();
            for (String caller : SERVICES) {
                assertThat(policies.allows(pods.get(caller), target, "http")).as(caller + " -> " + name)
                        .isEqualTo(CALLERS.get(name).contains(caller));
                assertThat(policies.allows(pods.get(caller), target, "management")).as(caller + " -> " + name + " mgmt")
                        .isFalse();
            }
            assertThat(policies.allows(prometheus, target, "management")).as("prometheus -> " + name).isTrue();
            assertThat(policies.allows(prometheus, target, "http")).as("prometheus -> " + name + " http").isFalse();
            assertThat(policies.allows(ingressController, target, "management")).as("outside -> " + name + " mgmt")
                    .isFalse();
        }
        Map<String, String> routes = new LinkedHashMap<>();
        for (JsonNode ingress : k8s.all("Ingress")) {
            for (JsonNode paths : ingress.findValues("paths")) {
                for (JsonNode path : paths) {
                    JsonNode backend = path.path("backend").path("service");
                    assertThat(backend.path("port").path("name").asText()).isEqualTo("http");
                    routes.put(path.path("pathType").asText() + " " + path.path("path").asText(),
                            backend.path("name").asText());
                }
            }
            JsonNode annotations = ingress.path("metadata").path("annotations");
            assertThat(annotations.path("nginx.ingress.kubernetes.io/proxy-read-timeout").asInt()).isGreaterThanOrEqualTo(3600);
            assertThat(annotations.path("nginx.ingress.kubernetes.io/proxy-send-timeout").asInt()).isGreaterThanOrEqualTo(3600);
        }
        // the connectors get /ws only (their /internal/v1/push needs a service credential anyway), and check tokens
        assertThat(routes).containsExactlyInAnyOrderEntriesOf(Map.of("Prefix /", "gateway-service",
                "Exact /ws", "connector-service"));
        assertThat(container(k8s, "connector-service").path("env").findValuesAsText("value")).contains("token");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void kafkaRunsKraftAndItsTopicsSurviveTheLossOfABroker(String overlay) {
        Kustomize.Rendered k8s = Kustomize.render(overlay);
        JsonNode kafka = k8s.one("Kafka", "pigeon").path("spec").path("kafka");
        assertThat(kafka.path("config").path("min.insync.replicas").asInt()).isEqualTo(2);
        assertThat(kafka.path("config").path("default.replication.factor").asInt()).isEqualTo(3);
        assertThat(kafka.path("config").path("auto.create.topics.enable").asBoolean(true)).isFalse();
        int brokers = 0;
        boolean controllers = false;
        for (JsonNode pool : k8s.all("KafkaNodePool")) {
            assertThat(pool.path("metadata").path("labels").path("strimzi.io/cluster").asText()).isEqualTo("pigeon");
            List<String> roles = new ArrayList<>();
            pool.path("spec").path("roles").forEach(role -> roles.add(role.asText()));
            brokers += roles.contains("broker") ? pool.path("spec").path("replicas").asInt() : 0;
            controllers |= roles.contains("controller");
        }
        assertThat(controllers).as("KRaft controllers").isTrue();
        assertThat(brokers).isGreaterThanOrEqualTo(3);
        for (String topic : List.of(Topics.UPLINK, Topics.UPLINK_DEAD_LETTER, Topics.UPLINK_RETRY)) {
            JsonNode spec = k8s.one("KafkaTopic", topic).path("spec");
            assertThat(spec.path("partitions").asInt()).as(topic).isPositive();
            assertThat(spec.path("replicas").asInt()).as(topic).isEqualTo(3);
            assertThat(spec.path("config").path("min.insync.replicas").asInt()).as(topic).isEqualTo(2);
        }
        // every message-service consumer thread gets a partition: the partition count is the ceiling
        int partitions = k8s.one("KafkaTopic", Topics.UPLINK).path("spec").path("partitions").asInt();
        int perPod = Integer.parseInt(config(k8s).get("MESSAGE_CONSUMER_CONCURRENCY"));
        assertThat(k8s.one("HorizontalPodAutoscaler", "message-service").path("spec").path("maxReplicas").asInt() * perPod)
                .isLessThanOrEqualTo(partitions);
        assertThat(config(k8s).get("KAFKA_BOOTSTRAP")).isEqualTo("pigeon-kafka-bootstrap:9092");
    }

    @ParameterizedTest
    @MethodSource("overlays")
    void everyReferencedConfigAndSecretKeyExists(String overlay) {
        Kustomize.Rendered k8s = Kustomize.render(overlay);
        String configName = k8s.all("ConfigMap").get(0).path("metadata").path("name").asText();
        List<JsonNode> secrets = k8s.all("Secret");
        for (JsonNode deployment : k8s.all("Deployment")) {
            for (JsonNode ref : deployment.findValues("configMapRef")) {
                assertThat(ref.path("name").asText()).isEqualTo(configName);
            }
            for (JsonNode ref : deployment.findValues("secretKeyRef")) {
                assertThat(ref.path("key").asText()).isIn(SECRET_KEYS);
                if (!secrets.isEmpty() && !ref.path("optional").asBoolean()) {
                    JsonNode secret = secrets.stream()
                            .filter(s -> s.path("metadata").path("name").asText().equals(ref.path("name").asText()))
                            .findFirst().orElseThrow(() -> new AssertionError("no Secret " + ref.path("name")));
                    assertThat(secret.path("data").has(ref.path("key").asText())).as(ref.toString()).isTrue();
                }
            }
        }
        for (JsonNode monitor : k8s.all("ServiceMonitor")) {
            JsonNode endpoint = monitor.path("spec").path("endpoints").get(0);
            assertThat(endpoint.path("port").asText()).isEqualTo("management");
            assertThat(endpoint.path("path").asText()).isEqualTo("/actuator/prometheus");
        }
    }

    static JsonNode container(Kustomize.Rendered k8s, String name) {
        return k8s.one("Deployment", name).path("spec").path("template").path("spec").path("containers").get(0);
    }

    private static Map<String, String> podLabels(Kustomize.Rendered k8s, String name) {
        return map(k8s.one("Deployment", name).path("spec").path("template").path("metadata").path("labels"));
    }

    private static Map<String, Integer> ports(JsonNode container) {
        Map<String, Integer> ports = new HashMap<>();
        container.path("ports").forEach(p -> ports.put(p.path("name").asText(), p.path("containerPort").asInt()));
        return ports;
    }

    private static Map<String, JsonNode> env(JsonNode container) {
        Map<String, JsonNode> env = new HashMap<>();
        container.path("env").forEach(e -> env.put(e.path("name").asText(), e));
        return env;
    }

    private static Map<String, String> config(Kustomize.Rendered k8s) {
        return map(k8s.all("ConfigMap").get(0).path("data"));
    }

    private static List<String> metricNames(Kustomize.Rendered k8s, String hpa) {
        return k8s.one("HorizontalPodAutoscaler", hpa).path("spec").path("metrics").findValuesAsText("name");
    }

    private static Map<String, String> map(JsonNode object) {
        Map<String, String> map = new HashMap<>();
        object.properties().forEach(e -> map.put(e.getKey(), e.getValue().asText()));
        return map;
    }
}
