package io.pigeonim.testsupport;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.UUID;

import org.springframework.kafka.test.EmbeddedKafkaKraftBroker;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.mysql.MySQLContainer;

/**
 * The one switch between Testcontainers (where a Docker engine runs) and the machine's own
 * services plus an in-process KRaft broker (where none does, as on CI here).
 *
 * <p>{@code PIGEON_TEST_INFRA} = {@code docker}, {@code local} or {@code auto} (default: docker
 * when an engine answers). Servers are started once per JVM and shared; every test isolates
 * itself with its own database ({@link #freshDatabase}), its own Redis key prefix and its own
 * topics or consumer groups. A test that stops or flushes a server must start a private one
 * instead ({@link PrivateRedis}).
 *
 * @implNote Local MySQL is the machine's MariaDB at 127.0.0.1:3306 (root, empty password),
 *     local Redis is 127.0.0.1:6379; override with {@code PIGEON_TEST_MYSQL_HOST/PORT/USER/PASSWORD}
 *     and {@code PIGEON_TEST_REDIS_HOST/PORT}.
 */
public final class TestInfra {

    private static final boolean DOCKER = useDocker();

    private static volatile String kafkaBootstrap;
    private static volatile MySQLContainer mysqlContainer;
    private static volatile GenericContainer<?> redisContainer;

    private TestInfra() {
    }

    /** Whether the servers come from Testcontainers. */
    public static boolean docker() {
        return DOCKER;
    }

    /** Bootstrap servers of the shared real Kafka broker, started on first use. */
    public static synchronized String kafkaBootstrapServers() {
        if (kafkaBootstrap == null) {
            if (DOCKER) {
                KafkaContainer kafka = new KafkaContainer("apache/kafka:4.1.2");
                kafka.start();
                kafkaBootstrap = kafka.getBootstrapServers();
            } else {
                EmbeddedKafkaKraftBroker broker = new EmbeddedKafkaKraftBroker(1, 8);
                broker.brokerProperties(java.util.Map.of(
                        "auto.create.topics.enable", "true",
                        "group.initial.rebalance.delay.ms", "0"));
                broker.afterPropertiesSet();
                kafkaBootstrap = broker.getBrokersAsString();
                // the broker sets these for Spring tests; our tests pass the address explicitly
                System.clearProperty("spring.kafka.bootstrap-servers");
                Runtime.getRuntime().addShutdownHook(new Thread(broker::destroy, "embedded-kafka-stop"));
            }
        }
        return kafkaBootstrap;
    }

    /** A free TCP port on the loopback interface, for a server a test starts itself. */
    public static int freePort() {
        try {
            return PrivateRedis.FreePorts.find();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static String redisHost() {
        if (DOCKER) {
            return redis().getHost();
        }
        return env("PIGEON_TEST_REDIS_HOST", "127.0.0.1");
    }

    public static int redisPort() {
        if (DOCKER) {
            return redis().getMappedPort(6379);
        }
        return Integer.parseInt(env("PIGEON_TEST_REDIS_PORT", "6379"));
    }

    /**
     * Creates an empty database with a unique name and returns how to reach it.
     *
     * @param prefix a short lowercase label of the test, part of the database name
     */
    public static TestDatabase freshDatabase(String prefix) {
        String name = ("it_" + prefix + "_" + UUID.randomUUID().toString().substring(0, 8))
                .toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9_]", "_");
        String host;
        int port;
        String user;
        String password;
        if (DOCKER) {
            MySQLContainer mysql = mysql();
            host = mysql.getHost();
            port = mysql.getMappedPort(3306);
            user = "root";
            password = mysql.getPassword();
        } else {
            host = env("PIGEON_TEST_MYSQL_HOST", "127.0.0.1");
            port = Integer.parseInt(env("PIGEON_TEST_MYSQL_PORT", "3306"));
            user = env("PIGEON_TEST_MYSQL_USER", "root");
            password = env("PIGEON_TEST_MYSQL_PASSWORD", "");
        }
        String server = "jdbc:mysql://" + host + ":" + port + "/";
        try (Connection c = DriverManager.getConnection(server + "?allowPublicKeyRetrieval=true&useSSL=false",
                user, password);
                Statement s = c.createStatement()) {
            s.execute("CREATE DATABASE " + name + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test database " + name + " on " + server
                    + " (is MySQL/MariaDB running?)", e);
        }
        String url = server + name + "?allowPublicKeyRetrieval=true&useSSL=false&rewriteBatchedStatements=true";
        return new TestDatabase(name, url, user, password);
    }

    /** Registers Kafka, Redis and a fresh database as Spring Boot properties of one test class. */
    public static TestDatabase registerAll(DynamicPropertyRegistry registry, String dbPrefix) {
        registerKafka(registry);
        registerRedis(registry);
        TestDatabase db = freshDatabase(dbPrefix);
        db.register(registry);
        return db;
    }

    public static void registerKafka(DynamicPropertyRegistry registry) {
        registry.add("spring.kafka.bootstrap-servers", TestInfra::kafkaBootstrapServers);
    }

    public static void registerRedis(DynamicPropertyRegistry registry) {
        registry.add("spring.data.redis.host", TestInfra::redisHost);
        registry.add("spring.data.redis.port", TestInfra::redisPort);
    }

    private static synchronized MySQLContainer mysql() {
        if (mysqlContainer == null) {
            MySQLContainer mysql = new MySQLContainer("mysql:8.4");
            mysql.start();
            mysqlContainer = mysql;
        }
        return mysqlContainer;
    }

    private static synchronized GenericContainer<?> redis() {
        if (redisContainer == null) {
            GenericContainer<?> redis = new GenericContainer<>("redis:7.0").withExposedPorts(6379);
            redis.start();
            redisContainer = redis;
        }
        return redisContainer;
    }

    private static boolean useDocker() {
        String mode = env("PIGEON_TEST_INFRA", "auto");
        switch (mode) {
            case "docker":
                return true;
            case "local":
                return false;
            case "auto":
                try {
                    return DockerClientFactory.instance().isDockerAvailable();
                } catch (RuntimeException | LinkageError e) {
                    return false;
                }
            default:
                throw new IllegalArgumentException("PIGEON_TEST_INFRA: " + mode + " (expected: docker, local, auto)");
        }
    }

    private static String env(String name, String fallback) {
        String value = System.getenv(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
