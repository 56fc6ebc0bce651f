package io.pigeonim.seq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.server.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

/** A seq-service instance running in the test JVM on a random port. */
public final class SeqInstance implements AutoCloseable {

    private final ConfigurableApplicationContext context;

    private SeqInstance(ConfigurableApplicationContext context) {
        this.context = context;
    }

    /** Starts an instance with these properties on top of application.yml. */
    public static SeqInstance start(Map<String, String> properties) {
        Map<String, String> all = new LinkedHashMap<>(properties);
        all.putIfAbsent("server.port", "0");
        all.putIfAbsent("management.server.port", "0");
        List<String> args = new ArrayList<>();
        all.forEach((k, v) -> args.add("--" + k + "=" + v));
        return new SeqInstance(new SpringApplicationBuilder(SeqApplication.class).run(args.toArray(new String[0])));
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + ((WebServerApplicationContext) context).getWebServer().getPort();
    }

    /** Where the probes and {@code /actuator/prometheus} answer. */
    public String managementUrl() {
        return "http://127.0.0.1:" + context.getEnvironment().getProperty("local.management.port");
    }

    public <T> T bean(Class<T> type) {
        return context.getBean(type);
    }

    @Override
    public void close() {
        context.close();
    }
}
