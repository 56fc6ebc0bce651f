package io.pigeonim.connector.it;

import java.util.ArrayList;
import java.util.List;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

import io.pigeonim.connector.ConnectorApplication;
import io.pigeonim.testsupport.TestInfra;

/**
 * A connector of one test class with settings of its own (not the shared Spring test context of
 * {@link ConnectorItSupport}): the real app on a random port, the machine's Redis.
 */
record ConnectorInstance(ConfigurableApplicationContext app, int port) implements AutoCloseable {

    /**
     * Starts an instance writing to {@code topic} on {@code kafkaBootstrap}; {@code more} are further
     * {@code --name=value} settings.
     */
    static ConnectorInstance start(String kafkaBootstrap, String topic, String... more) {
        int port = TestInfra.freePort();
        List<String> args = new ArrayList<>(List.of(
                // a known port, so the instance advertises where it really is (pushes, replacement notices)
                "--server.port=" + port,
                "--pigeon.connector.advertised-url=http://localhost:" + port,
                "--management.server.port=0",
                "--spring.kafka.bootstrap-servers=" + kafkaBootstrap,
                "--spring.data.redis.host=" + TestInfra.redisHost(),
                "--spring.data.redis.port=" + TestInfra.redisPort(),
                "--pigeon.connector.uplink-topic=" + topic,
                "--logging.level.org.apache.kafka=ERROR"));
        args.addAll(List.of(more));
        // command-line arguments: they win over application.yml (builder properties would not)
        ConfigurableApplicationContext app = new SpringApplicationBuilder(ConnectorApplication.class)
                .run(args.toArray(String[]::new));
        return new ConnectorInstance(app, Integer.parseInt(app.getEnvironment().getProperty("local.server.port")));
    }

    /** Where this instance's probes and {@code /actuator/prometheus} answer (a random port of its own). */
    int managementPort() {
        return Integer.parseInt(app.getEnvironment().getProperty("local.management.port"));
    }

    @Override
    public void close() {
        if (app.isActive()) {
            app.close();
        }
    }
}
