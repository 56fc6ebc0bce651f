package io.pigeonim.message;

import java.util.ArrayList;
import java.util.List;

import io.pigeonim.testsupport.TestDatabase;
import io.pigeonim.testsupport.TestInfra;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;

/** A message-service of one test class that the test starts and stops itself (not the shared Spring test context). */
public final class MessageServiceInstance {

    private MessageServiceInstance() {
    }

    /**
     * Starts the real app on a random port with the machine's Redis and short retry intervals, consuming
     * {@code topic} (dead letters to {@code topic}.dlt) in {@code group}; {@code more} are further
     * {@code --name=value} settings.
     */
    static ConfigurableApplicationContext start(TestDatabase db, String kafkaBootstrap, String topic, String group,
            String seqUrl, String... more) {
        List<String> args = arguments(db, kafkaBootstrap, topic, group, seqUrl);
        args.add("--server.port=0");
        args.add("--management.server.port=0");
        args.addAll(List.of(more));
        // command-line arguments: they win over application.yml (builder properties would not)
        return new SpringApplicationBuilder(MessageApplication.class).run(args.toArray(String[]::new));
    }

    /** The command-line arguments of {@link #start} without a port (a benchmark also passes them to a separate JVM). */
    public static List<String> arguments(TestDatabase db, String kafkaBootstrap, String topic, String group,
            String seqUrl) {
        return new ArrayList<>(List.of(
                "--spring.datasource.url=" + db.jdbcUrl(),
                "--spring.datasource.username=" + db.username(),
                "--spring.datasource.password=" + db.password(),
                "--spring.kafka.bootstrap-servers=" + kafkaBootstrap,
                "--spring.data.redis.host=" + TestInfra.redisHost(),
                "--spring.data.redis.port=" + TestInfra.redisPort(),
                "--pigeon.message.uplink-topic=" + topic,
                "--pigeon.message.dead-letter-topic=" + topic + ".dlt",
                "--pigeon.message.consumer-group=" + group,
                "--pigeon.message.seq-url=" + seqUrl,
                "--pigeon.message.retry-initial-interval=50ms",
                "--pigeon.message.retry-max-interval=300ms"));
    }
}
