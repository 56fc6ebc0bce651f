package io.pigeonim.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * {@code /actuator/prometheus} of every process of the local system, on its management port (the runner's
 * {@code .run/pids/<process>.port} + {@link PigeonSystem#MANAGEMENT_OFFSET}), and what a scrape holds.
 */
final class Scrapes {

    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    private Scrapes() {
    }

    /** The service port of each running process, by process name (gateway-service, connector-service-1, …). */
    static Map<String, Integer> servicePorts() throws IOException {
        Path pids = Path.of(System.getenv().getOrDefault("PIGEON_RUN_DIR",
                PigeonSystem.repositoryRoot().resolve(".run").toString())).resolve("pids");
        Map<String, Integer> ports = new LinkedHashMap<>();
        try (var files = Files.list(pids)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".port")).sorted().toList()) {
                String name = file.getFileName().toString().replace(".port", "");
                ports.put(name, Integer.parseInt(Files.readString(file).strip()));
            }
        }
        return ports;
    }

    /** One GET, any status; the body. */
    static HttpResponse<String> get(String url) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
    }

    /** The scrape of the process whose service listens on {@code servicePort}. */
    static String scrape(int servicePort) throws IOException, InterruptedException {
        HttpResponse<String> response = get(PigeonSystem.managementUrl(URI.create("http://localhost:" + servicePort))
                + "/actuator/prometheus");
        if (response.statusCode() != 200) {
            throw new AssertionError("scrape of :" + servicePort + " answered " + response.statusCode());
        }
        return response.body();
    }

    /** The series names in a scrape ({@code pigeon_connector_acks_total}, {@code …_seconds_bucket}, …). */
    static Set<String> seriesNames(String scrape) {
        Set<String> names = new TreeSet<>();
        for (String line : scrape.split("\n")) {
            if (!line.isEmpty() && !line.startsWith("#")) {
                int end = line.indexOf('{');
                names.add(line.substring(0, end >= 0 ? end : line.indexOf(' ')));
            }
        }
        return names;
    }

    /** The sum over every series of {@code name} in a scrape (0 when there is none). */
    static double sum(String scrape, String name) {
        double sum = 0;
        for (String line : scrape.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                sum += Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return sum;
    }
}
