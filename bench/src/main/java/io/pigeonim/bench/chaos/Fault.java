package io.pigeonim.bench.chaos;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One fault of a chaos run: which process is killed with SIGKILL and started again. A store fault (Redis, MariaDB)
 * is run only when the stack's stores are its own ({@code ./pigeon up --private-stores}).
 */
record Fault(String name, String process, boolean store, String what) {

    /** Every fault, in the order of issue 13; the connector alternates between the two instances by round. */
    static final List<String> ALL = List.of("connector", "message-service", "seq-service", "offline-service",
            "gateway", "kafka", "redis", "mysql");

    static Fault of(String name, int round) {
        return switch (name) {
            case "connector" -> new Fault(name, "connector-service-" + (round % 2 == 1 ? 2 : 1), false,
                    "a connector instance (of two) killed and restarted");
            case "message-service", "seq-service", "offline-service" ->
                    new Fault(name, name, false, name + " killed and restarted");
            case "gateway" -> new Fault(name, "gateway-service", false,
                    "the gateway killed and restarted (every WebSocket goes through it)");
            case "kafka" -> new Fault(name, "kafka", false, "the Kafka broker (the only one) killed and restarted");
            case "redis" -> new Fault(name, "redis", true, "Redis killed and restarted empty");
            case "mysql" -> new Fault(name, "mysql", true, "MariaDB killed and restarted (InnoDB crash recovery)");
            default -> throw new IllegalArgumentException("fault: " + name + " (expected one of " + ALL + ")");
        };
    }

    /** The faults named in a comma-separated list ({@code all} for every one). */
    static List<String> parse(String list) {
        if (list.strip().equalsIgnoreCase("all")) {
            return ALL;
        }
        List<String> names = new ArrayList<>();
        for (String n : list.split(",")) {
            String name = n.strip().toLowerCase(Locale.ROOT);
            of(name, 1);
            names.add(name);
        }
        return names;
    }
}
