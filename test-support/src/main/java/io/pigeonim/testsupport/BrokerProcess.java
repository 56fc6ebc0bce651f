package io.pigeonim.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.apache.kafka.common.Uuid;

/**
 * The JVM process of a {@link PrivateKafka}: the files in its directory, its command line, and its
 * main class, {@code kafka.Kafka} plus a watchdog that halts the process when its stdin closes, i.e.
 * when the test JVM that started it is gone.
 */
final class BrokerProcess {

    private BrokerProcess() {
    }

    public static void main(String[] args) {
        Thread watchdog = new Thread(() -> {
            try {
                while (System.in.read() != -1) {
                    // the parent never writes; we only wait for end of stream
                }
            } catch (IOException e) {
                // a broken pipe means the same: the parent is gone
            }
            Runtime.getRuntime().halt(1);
        }, "parent-watchdog");
        watchdog.setDaemon(true);
        watchdog.start();
        kafka.Kafka.main(args);
    }

    /** Writes server.properties (single node, combined broker + controller), logback.xml and java.args into {@code dir}. */
    static void writeFiles(Path dir, String host, int port, int controllerPort) throws IOException {
        Files.createDirectories(dir.resolve("data"));
        Files.writeString(dir.resolve("server.properties"), singleNode(host, port, controllerPort, dir.resolve("data"))
                + String.join("\n",
                "offsets.topic.num.partitions=4",
                "transaction.state.log.num.partitions=4",
                // after a SIGKILL the controller holds the old registration until the session expires
                // (DuplicateBrokerRegistrationException): keep that short, restarts take seconds
                "broker.session.timeout.ms=3000",
                "broker.heartbeat.interval.ms=500",
                // a test broker on a busy 2-core machine: few threads
                "num.network.threads=2",
                "num.io.threads=2",
                "background.threads=2",
                "num.recovery.threads.per.data.dir=1",
                "log.cleaner.threads=1",
                ""), StandardCharsets.UTF_8);
        // used only when logback is on the classpath (Spring Boot tests): its default is DEBUG to stdout
        Files.writeString(dir.resolve("logback.xml"), """
                <configuration>
                  <appender name="OUT" class="ch.qos.logback.core.ConsoleAppender">
                    <encoder><pattern>%d{HH:mm:ss.SSS} %-5level %logger{36} - %msg%n</pattern></encoder>
                  </appender>
                  <logger name="kafka" level="INFO"/>
                  <logger name="org.apache.kafka" level="WARN"/>
                  <root level="WARN"><appender-ref ref="OUT"/></root>
                </configuration>
                """, StandardCharsets.UTF_8);
        // an argument file: the classpath of a Spring Boot test can be long for a command line
        String classpath = PrivateRedis.env("PIGEON_TEST_KAFKA_CLASSPATH", System.getProperty("java.class.path"));
        Files.writeString(dir.resolve("java.args"), String.join("\n",
                "-Xms64m", "-Xmx384m", "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1",
                "-Djava.awt.headless=true",
                quoted("-Dlogback.configurationFile=" + dir.resolve("logback.xml")),
                "-cp", quoted(classpath), ""), StandardCharsets.UTF_8);
    }

    /** deploy/kafka/kraft-single-node.properties (the local runner's too) with this broker's addresses and data. */
    static String singleNode(String host, int port, int controllerPort, Path dataDir) throws IOException {
        try (InputStream in = BrokerProcess.class.getResourceAsStream("kraft-single-node.properties")) {
            if (in == null) {
                throw new IllegalStateException("kraft-single-node.properties is not on the classpath (test-support's build copies it from deploy/kafka)");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{host}", host)
                    .replace("{port}", String.valueOf(port)).replace("{controllerPort}", String.valueOf(controllerPort))
                    .replace("{dataDir}", dataDir.toString());
        }
    }

    /** Formats the data directory for a new cluster ({@code kafka.tools.StorageTool}, a process of its own: it calls System.exit). */
    static void format(Path dir) throws IOException {
        Process p = new ProcessBuilder(java(dir, List.of("kafka.tools.StorageTool", "format",
                "-t", Uuid.randomUuid().toString(), "-c", dir.resolve("server.properties").toString())))
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("format.log").toFile())
                .start();
        PrivateRedis.waitFor(p);
        if (p.exitValue() != 0) {
            throw new IllegalStateException("kafka.tools.StorageTool format failed (exit " + p.exitValue()
                    + "): " + Files.readString(dir.resolve("format.log")));
        }
    }

    /** The command line of the broker of {@code dir}. */
    static List<String> command(Path dir) {
        return java(dir, List.of(BrokerProcess.class.getName(), dir.resolve("server.properties").toString()));
    }

    private static List<String> java(Path dir, List<String> mainAndArgs) {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("@" + dir.resolve("java.args"));
        command.addAll(mainAndArgs);
        return command;
    }

    /** A value in a java argument file: double quotes, with backslashes and quotes escaped. */
    private static String quoted(String value) {
        return "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
