package io.pigeonim.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.Set;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * The Grafana dashboard is valid JSON Grafana provisions (unique panel ids, a Prometheus query in every panel, the
 * datasource variable), and Prometheus scrapes every service's management port. Whether the queries name metrics the
 * services really export is checked against a running system: e2e-tests OperationsIT.
 */
class MonitoringFilesTest {

    @Test
    void everyDashboardPanelQueriesPrometheus() throws Exception {
        JsonNode dashboard = Repo.JSON.readTree(Repo.read("deploy/grafana/dashboards/pigeon.json"));
        assertThat(dashboard.path("uid").asText()).isNotBlank();
        assertThat(dashboard.path("templating").path("list").findValuesAsText("name")).contains("datasource");
        Set<Integer> ids = new HashSet<>();
        int queries = 0;
        for (JsonNode panel : dashboard.path("panels")) {
            assertThat(ids.add(panel.path("id").asInt())).as("unique id " + panel.path("id")).isTrue();
            if (panel.path("type").asText().equals("row")) {
                continue;
            }
            assertThat(panel.path("datasource").path("uid").asText()).isEqualTo("${datasource}");
            assertThat(panel.path("targets")).as(panel.path("title").asText()).isNotEmpty();
            for (JsonNode target : panel.path("targets")) {
                assertThat(target.path("expr").asText()).as(panel.path("title").asText()).isNotBlank();
                assertThat(target.path("refId").asText()).isNotBlank();
                queries++;
            }
        }
        assertThat(queries).isGreaterThan(20);
    }

    @Test
    void prometheusScrapesEveryManagementPort() {
        JsonNode config = Repo.yamlDocuments(Repo.read("deploy/prometheus/prometheus.yml")).get(0);
        JsonNode job = config.path("scrape_configs").get(0);
        assertThat(job.path("metrics_path").asText()).isEqualTo("/actuator/prometheus");
        Set<String> targets = new HashSet<>();
        job.path("static_configs").get(0).path("targets").forEach(t -> targets.add(t.asText()));
        assertThat(targets).containsExactlyInAnyOrderElementsOf(
                OverlayRulesTest.SERVICES.stream().map(s -> s + ":9090").toList());
        JsonNode provisioning = Repo.yamlDocuments(Repo.read("deploy/grafana/provisioning/datasources/prometheus.yaml"))
                .get(0);
        assertThat(provisioning.path("datasources").get(0).path("url").asText()).isEqualTo("http://prometheus:9090");
    }
}
