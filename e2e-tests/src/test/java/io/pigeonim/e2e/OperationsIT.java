package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.json.PigeonJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import tools.jackson.databind.JsonNode;

/**
 * PROTOCOL.md §6 and issue 15: every process serves its probes and metrics on its own management port and nowhere
 * else; the delivery metrics move under traffic; and every query of the Grafana dashboard (deploy/grafana) and every
 * alert and autoscaling metric of k8s/ names a metric the running services really export.
 */
@ExtendWith(PigeonSystem.class)
class OperationsIT {

    private static final List<String> MODULES = List.of("gateway-service", "connector-service", "message-service",
            "offline-service", "seq-service");
    /** Series Prometheus makes itself, not the services. */
    private static final Set<String> SYNTHETIC = Set.of("up");

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private static Map<String, Integer> ports;

    @BeforeAll
    static void localOnly() throws Exception {
        if (!PigeonSystem.local()) {
            throw new IllegalStateException("OperationsIT scrapes every process's management port: it needs the "
                    + "local runner's system, not PIGEON_GATEWAY_URL (the management ports are not public)");
        }
        ports = Scrapes.servicePorts();
        ports.remove("kafka");
    }

    @Test
    void everyProcessServesProbesAndMetricsOnItsManagementPortOnly() throws Exception {
        assertThat(ports.keySet()).contains("gateway-service", "connector-service-1", "connector-service-2",
                "message-service", "offline-service", "seq-service");
        for (Map.Entry<String, Integer> process : ports.entrySet()) {
            String management = PigeonSystem.managementUrl(java.net.URI.create("http://localhost:" + process.getValue()));
            assertThat(Scrapes.get(management + "/actuator/health/liveness").statusCode()).as(process.getKey()).isEqualTo(200);
            assertThat(Scrapes.get(management + "/actuator/health/readiness").statusCode()).as(process.getKey()).isEqualTo(200);
            assertThat(Scrapes.scrape(process.getValue())).as(process.getKey())
                    .contains("application=\"" + module(process.getKey()) + "\"");
            for (String path : List.of("/actuator/health/readiness", "/actuator/prometheus")) {
                assertThat(Scrapes.get("http://localhost:" + process.getValue() + path).statusCode())
                        .as(process.getKey() + " service port " + path).isNotEqualTo(200);
            }
        }
        assertThat(Scrapes.get(PigeonSystem.GATEWAY + "/actuator/prometheus").statusCode()).isEqualTo(404);
    }

    @Test
    void theDeliveryMetricsMoveUnderTraffic() throws Exception {
        Map<String, Double> before = totals();
        try (TestClient alice = TestClient.device("ops-alice-" + run, "phone").connect();
                TestClient bob = TestClient.device("ops-bob-" + run, "laptop").connect()) {
            String conversation = ConversationId.direct(alice.uid, bob.uid).value();
            alice.send(new ClientFrame.Send(1L, "ops-1", conversation, "text", "metrics?"));
            alice.await(ServerFrame.SendAck.class, a -> a.clientId() == 1);
            // a refused send too: pigeon_connector_sends_refused_total{code} appears with the first refusal
            alice.send(new ClientFrame.Send(3L, "ops-3", conversation, "text", "out of order"));
            alice.await(ServerFrame.Error.class, e -> e.code() == ErrorCode.OUT_OF_ORDER);
            ServerFrame.MessageFrame received = bob.await(ServerFrame.MessageFrame.class, m -> true);
            bob.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, received.seq()))));
            bob.await(ServerFrame.AckOk.class, a -> true);
            // bob's tablet (cursors are per device) syncs the message and acknowledges the page with its next
            // request: offline-service calls message-service
            try (TestClient tablet = TestClient.device(bob.uid, "tablet")) {
                assertThat(new Inbox().sync(tablet, 10)).isGreaterThan(1);
            }
        }
        List<String> moving = List.of("pigeon_connector_sends_accepted_total", "pigeon_connector_pushes_sent_total",
                "pigeon_connector_acks_total", "pigeon_message_stored_total", "pigeon_message_acks_total",
                "pigeon_message_sends_stored_seconds_count", "pigeon_message_stores_pushed_seconds_count",
                "pigeon_connector_push_age_seconds_count", "pigeon_connector_uplink_published_seconds_count",
                "pigeon_seq_seqs_allocated_total", "pigeon_offline_page_served_total",
                "pigeon_message_seqs_allocated_seconds_count", "pigeon_message_pushes_sent_seconds_count",
                "pigeon_connector_sends_refused_total");
        await().atMost(Duration.ofSeconds(15)).untilAsserted(() -> {
            Map<String, Double> after = totals();
            for (String name : moving) {
                assertThat(after.getOrDefault(name, 0.0)).as(name).isGreaterThan(before.getOrDefault(name, 0.0));
            }
        });
    }

    @Test
    void everyDashboardQueryAlertAndAutoscalingMetricNamesAnExportedMetric() throws Exception {
        // traffic first: some meters (HTTP client timers, consumer lag) appear with their first use
        theDeliveryMetricsMoveUnderTraffic();
        Set<String> exported = new TreeSet<>();
        for (int port : ports.values()) {
            exported.addAll(Scrapes.seriesNames(Scrapes.scrape(port)));
        }
        List<String> expressions = new ArrayList<>();
        JsonNode dashboard = PigeonJson.mapper().readTree(Files.readString(
                PigeonSystem.repositoryRoot().resolve("deploy/grafana/dashboards/pigeon.json")));
        for (JsonNode panel : dashboard.get("panels")) {
            if (panel.has("targets")) {
                panel.get("targets").forEach(target -> expressions.add(target.get("expr").asString()));
            }
        }
        assertThat(expressions).hasSizeGreaterThan(20);
        expressions.addAll(alertExpressions(Files.readString(
                PigeonSystem.repositoryRoot().resolve("k8s/base/monitoring/prometheusrule.yaml"))));
        expressions.add("pigeon_connector_connections");  // k8s/base/autoscaling.yaml, connector-service
        expressions.add("kafka_consumer_fetch_manager_records_lag_max");  // message-service

        Map<String, Set<String>> missing = new HashMap<>();
        for (String expression : expressions) {
            for (String name : PromQl.metricNames(expression)) {
                if (!exported.contains(name) && !SYNTHETIC.contains(name)) {
                    missing.computeIfAbsent(name, n -> new TreeSet<>()).add(expression);
                }
            }
            assertThat(MODULES).as(expression).containsAll(PromQl.applications(expression));
        }
        assertThat(missing).as("metrics no service exports").isEmpty();
    }

    /** The {@code expr:} values of a PrometheusRule file, block scalars ({@code expr: |}) joined. */
    static List<String> alertExpressions(String yaml) {
        List<String> expressions = new ArrayList<>();
        String[] lines = yaml.split("\n");
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i].strip();
            if (!line.startsWith("expr:")) {
                continue;
            }
            String value = line.substring(5).strip();
            if (value.equals("|")) {
                StringBuilder block = new StringBuilder();
                int indent = lines[i].indexOf("expr:");
                while (i + 1 < lines.length && (lines[i + 1].isBlank()
                        || lines[i + 1].length() - lines[i + 1].stripLeading().length() > indent)) {
                    block.append(lines[++i].strip()).append(' ');
                }
                value = block.toString();
            }
            expressions.add(value);
        }
        return expressions;
    }

    /** Every series summed over every process: total per metric name. */
    private static Map<String, Double> totals() throws Exception {
        Map<String, Double> totals = new HashMap<>();
        for (int port : ports.values()) {
            String scrape = Scrapes.scrape(port);
            for (String name : Scrapes.seriesNames(scrape)) {
                totals.merge(name, Scrapes.sum(scrape, name), Double::sum);
            }
        }
        return totals;
    }

    private static String module(String process) {
        return process.startsWith("connector-service") ? "connector-service" : process;
    }
}
