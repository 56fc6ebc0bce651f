package io.pigeonim.bench.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

import io.pigeonim.bench.client.GatewayClient;
import io.pigeonim.client.ClientOptions;
import io.pigeonim.common.id.ConversationId;

/**
 * Checked traffic through the gateway: one-to-one pairs and groups of client-SDK devices (their defaults: reconnect
 * backoff with jitter, resends under the same clientMsgId, sync on connect, gap filling), steady sends over every
 * conversation, and the {@link ChaosChecker} of what each device showed. The chaos run's load around each fault, and
 * the connections benchmark's messages across a connector's kill. Not thread-safe: one caller drives it.
 */
public final class CheckedTraffic implements AutoCloseable {

    /** How many conversations of which size, at what rate, with what content. */
    public record Shape(int pairs, int groups, int groupSize, double rate, int contentBytes) {
    }

    private final Clock clock;
    private final ChaosChecker checker;
    private final Map<String, ChaosDevice> devices;
    private final ChaosLoad load;
    private Thread loadThread;

    private CheckedTraffic(Clock clock, ChaosChecker checker, Map<String, ChaosDevice> devices, ChaosLoad load) {
        this.clock = clock;
        this.checker = checker;
        this.devices = devices;
        this.load = load;
    }

    /**
     * Creates the conversations (groups over REST, owned by their first member), starts one SDK device per user
     * (device id {@code chaos}) and waits up to 180 s until every one is connected; sending starts with {@link #start}.
     * Users are named {@code chaos-<run>-…}.
     */
    public static CheckedTraffic open(GatewayClient rest, URI gateway, HttpClient http, String run, Shape shape,
            Clock clock) throws InterruptedException {
        Map<String, List<String>> uidsOf = conversations(rest, run, shape);
        Map<String, List<String>> membersOf = new LinkedHashMap<>();
        uidsOf.forEach((c, uids) -> membersOf.put(c, uids.stream().map(u -> ChaosDevice.key(u, "chaos")).toList()));
        ChaosChecker checker = new ChaosChecker(membersOf);
        Map<String, ChaosDevice> devices = new LinkedHashMap<>();
        // the SDK's defaults: its reconnect backoff, resend timeout and liveness are what is measured
        ClientOptions options = ClientOptions.defaults();
        for (List<String> uids : uidsOf.values()) {
            for (String uid : uids) {
                devices.computeIfAbsent(uid, u -> new ChaosDevice(gateway, http, u, "chaos",
                        patiently(() -> rest.devToken(u, "chaos")), options, checker, clock, u.hashCode()));
            }
        }
        List<ChaosLoad.Conversation> conversations = new ArrayList<>();
        uidsOf.forEach((c, uids) -> conversations.add(new ChaosLoad.Conversation(c, uids.stream().map(devices::get).toList())));
        CheckedTraffic traffic = new CheckedTraffic(clock, checker, devices,
                new ChaosLoad(conversations, shape.rate(), shape.contentBytes(), checker, clock));
        traffic.awaitConnected();
        return traffic;
    }

    /** Starts the steady sends (phase 0). */
    public void start() {
        loadThread = new Thread(load, "chaos-load");
        loadThread.setDaemon(true);
        loadThread.start();
    }

    /** Sends from the next one on at {@code rate} a second (the shape's until then). */
    public void rate(double rate) {
        load.rate(rate);
    }

    /** Sends from now on belong to {@code phase}. */
    public void phase(int phase) {
        load.phase(phase);
    }

    /** Stops sending; what was sent is still checked. */
    public void stop() throws InterruptedException {
        load.stop();
        if (loadThread != null) {
            loadThread.join();
        }
    }

    /**
     * Waits up to {@code millis} until every send has an answer and every stored one reached every member device.
     *
     * @return whether it settled
     */
    public boolean settle(long millis) throws InterruptedException {
        long end = clock.millis() + millis;
        while (!checker.settled() && clock.millis() < end) {
            Thread.sleep(500);
        }
        return checker.settled();
    }

    /** The verdict on {@code phase}'s sends, its fault at {@code killedAt} (epoch ms, -1: none), the phase's end. */
    public PhaseCheck check(int phase, long killedAt, long end) {
        return checker.check(phase, killedAt, end);
    }

    public int devices() {
        return devices.size();
    }

    public int conversations() {
        return load.conversations();
    }

    public long sent() {
        return load.sent();
    }

    @Override
    public void close() {
        devices.values().forEach(ChaosDevice::close);
    }

    private void awaitConnected() throws InterruptedException {
        long deadline = clock.millis() + 180_000;
        while (checker.connectedDevices() < devices.size()) {
            if (clock.millis() > deadline) {
                throw new IllegalStateException("only " + checker.connectedDevices() + " of " + devices.size()
                        + " devices connected within 180 s");
            }
            Thread.sleep(200);
        }
    }

    /** Pairs and groups: conversation id to its members' uids (a pair: both; a group: owner first). */
    private static Map<String, List<String>> conversations(GatewayClient rest, String run, Shape shape) {
        Map<String, List<String>> of = new LinkedHashMap<>();
        for (int i = 0; i < shape.pairs(); i++) {
            String a = "chaos-" + run + "-p" + i + "a";
            String b = "chaos-" + run + "-p" + i + "b";
            of.put(ConversationId.direct(a, b).value(), List.of(a, b));
        }
        int size = shape.groupSize();
        for (int g = 0; g < shape.groups(); g++) {
            List<String> members = new ArrayList<>();
            for (int m = 0; m < size; m++) {
                members.add("chaos-" + run + "-g" + g + "m" + m);
            }
            String owner = members.get(0);
            int group = g;
            String id = patiently(() -> rest.createGroup(rest.devToken(owner, "setup"), "chaos " + group,
                    members.subList(1, size)));
            of.put(id, List.copyOf(members));
        }
        return of;
    }

    /**
     * A set-up call, tried up to six times 5 s apart: a stack just started on a loaded machine answers its first
     * requests slowly (the gateway's 15 s timeout was seen to pass at load 23 on 2 cores).
     */
    private static <T> T patiently(Supplier<T> call) {
        for (int attempt = 1; ; attempt++) {
            try {
                return call.get();
            } catch (RuntimeException e) {
                if (attempt == 6) {
                    throw e;
                }
                try {
                    Thread.sleep(5_000);
                } catch (InterruptedException interrupted) {
                    Thread.currentThread().interrupt();
                    throw e;
                }
            }
        }
    }
}
