package io.pigeonim.deploy.launcher;

import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.yaml.snakeyaml.Yaml;

import io.pigeonim.common.kafka.Topics;

/**
 * Writes {@code deploy/target/pigeon-build.env}, the facts the {@code pigeon} launcher sources instead of repeating
 * them: the project version (the jars' names), each service's port and management port (the defaults of its
 * {@code application.yml}), the Kafka broker port the services connect to by default, and the topic names
 * ({@link Topics}). The build runs it ({@code process-classes} of this
 * module); the launcher runs that build when the file is missing or older than what it is made from.
 *
 * @implNote Not {@code mvn help:evaluate} from the launcher: it gives the version only, in seconds per call, and
 *     neither the topic names (Java constants) nor the ports (YAML); nor a grep of the sources from bash, which
 *     would break silently on a constant built from another ({@link Topics#UPLINK_RETRY}).
 */
public final class LauncherFacts {

    /** The services the launcher runs, in its start order. */
    static final List<String> SERVICES = List.of("seq-service", "message-service", "connector-service",
            "offline-service", "gateway-service");
    private static final Pattern DEFAULT = Pattern.compile("^\\$\\{[A-Z_]+:(\\d+)}$");
    private static final Pattern BOOTSTRAP_DEFAULT = Pattern.compile("^\\$\\{[A-Z_]+:[A-Za-z0-9.-]+:(\\d+)}$");

    private LauncherFacts() {
    }

    /** {@code args}: the project version, the repository root, the file to write. */
    public static void main(String[] args) throws IOException {
        if (args.length != 3) {
            throw new IllegalArgumentException("arguments: " + List.of(args) + " (expected: version root output)");
        }
        Path output = Path.of(args[2]);
        Files.createDirectories(output.toAbsolutePath().getParent());
        Files.writeString(output, render(args[0], Path.of(args[1])), StandardCharsets.UTF_8);
    }

    /** The file's text: bash assignments, one fact a line. */
    static String render(String version, Path root) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("# Written by the build (deploy: io.pigeonim.deploy.launcher.LauncherFacts); ./pigeon sources it.");
        lines.add("# shellcheck disable=SC2034");
        lines.add("PIGEON_VERSION=" + word(version));
        StringBuilder ports = new StringBuilder("declare -gA PORT=(");
        StringBuilder management = new StringBuilder("declare -gA MANAGEMENT_PORT=(");
        for (String service : SERVICES) {
            Map<String, Object> config = applicationYml(root.resolve(service));
            ports.append(" [").append(service).append("]=").append(port(config, "server", service));
            management.append(" [").append(service).append("]=").append(port(config, "management.server", service));
        }
        lines.add(ports.append(" )").toString());
        lines.add(management.append(" )").toString());
        lines.add("KAFKA_PORT_DEFAULT=" + kafkaPort(root));
        lines.add("TOPIC_UPLINK=" + word(Topics.UPLINK));
        lines.add("TOPIC_DEAD_LETTER=" + word(Topics.UPLINK_DEAD_LETTER));
        lines.add("TOPIC_RETRY=" + word(Topics.UPLINK_RETRY));
        return String.join("\n", lines) + "\n";
    }

    private static Map<String, Object> applicationYml(Path module) throws IOException {
        Path file = module.resolve("src/main/resources/application.yml");
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            // the first document: the defaults, before any profile's
            Object first = new Yaml().loadAll(in).iterator().next();
            if (!(first instanceof Map<?, ?> map)) {
                throw new IllegalStateException(file + ": not a YAML mapping");
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> config = (Map<String, Object>) map;
            return config;
        }
    }

    /** The default of {@code <path>.port} ({@code ${SERVER_PORT:8080}} gives 8080). */
    static int port(Map<String, Object> config, String path, String service) {
        Object node = config;
        for (String key : (path + ".port").split("\\.")) {
            node = node instanceof Map<?, ?> map ? map.get(key) : null;
        }
        Matcher m = DEFAULT.matcher(String.valueOf(node));
        if (node instanceof Integer port) {
            return port;
        }
        if (!m.matches()) {
            throw new IllegalStateException(service + " application.yml " + path + ".port: " + node
                    + " (expected: a number or ${ENV:number})");
        }
        return Integer.parseInt(m.group(1));
    }

    /**
     * The broker port the services connect to by default: the port of {@code spring.kafka.bootstrap-servers}'s
     * default ({@code ${KAFKA_BOOTSTRAP:localhost:9092}}) in every service that uses Kafka, which must agree.
     */
    static int kafkaPort(Path root) throws IOException {
        Integer agreed = null;
        for (String service : SERVICES) {
            Object node = applicationYml(root.resolve(service));
            for (String key : "spring.kafka.bootstrap-servers".split("\\.")) {
                node = node instanceof Map<?, ?> map ? map.get(key) : null;
            }
            if (node == null) {
                continue;
            }
            Matcher m = BOOTSTRAP_DEFAULT.matcher(String.valueOf(node));
            if (!m.matches()) {
                throw new IllegalStateException(service + " application.yml spring.kafka.bootstrap-servers: " + node
                        + " (expected: ${ENV:host:port})");
            }
            int port = Integer.parseInt(m.group(1));
            if (agreed != null && agreed != port) {
                throw new IllegalStateException(service + " application.yml: Kafka on port " + port + ", another"
                        + " service on " + agreed + " (expected: one broker port)");
            }
            agreed = port;
        }
        if (agreed == null) {
            throw new IllegalStateException("no service's application.yml names spring.kafka.bootstrap-servers");
        }
        return agreed;
    }

    /** A bash word: only the characters a version or a topic name has, so that no quoting is needed. */
    private static String word(String value) {
        if (!value.matches("[A-Za-z0-9._-]+")) {
            throw new IllegalArgumentException("not a plain word: " + value);
        }
        return value;
    }
}
