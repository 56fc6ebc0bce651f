package io.pigeonim.bench.load;

import java.net.http.HttpClient;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

import io.pigeonim.bench.check.DeliveryChecker;
import io.pigeonim.bench.check.ErrorTally;
import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.bench.client.GatewayClient;
import io.pigeonim.common.id.ConversationId;

/**
 * The devices of one scenario, connected through the gateway with dev tokens: {@link #pairs} (one-to-one, each
 * pair's first user sends to the second) or {@link #groups} (every member sends to its group, each message fans
 * out to all members). Uids carry the run id, so runs never share a conversation.
 */
public final class Scenario implements AutoCloseable {

    private static final int CONNECTING_AT_ONCE = 20;

    private final String name;
    private final List<Device> devices;
    private final List<Lane> lanes;
    private final int receiversPerMessage;
    private final ScheduledExecutorService ackTimer;
    private final Reconnector reconnector;

    private Scenario(String name, List<Device> devices, List<Lane> lanes, int receiversPerMessage,
            Duration ackInterval, Reconnector reconnector) {
        this.reconnector = reconnector;
        this.name = name;
        this.devices = List.copyOf(devices);
        this.lanes = List.copyOf(lanes);
        this.receiversPerMessage = receiversPerMessage;
        this.ackTimer = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "ack-timer-" + name);
            t.setDaemon(true);
            return t;
        });
        long tick = Math.max(1, Math.min(10, ackInterval.toMillis() / 4));
        ackTimer.scheduleAtFixedRate(this::tick, tick, tick, TimeUnit.MILLISECONDS);
    }

    /** What every scenario needs to build its devices. */
    public record Wiring(GatewayClient gateway, List<HttpClient> clients, Function<String, java.net.URI> webSocket,
            DeliveryChecker checker, ErrorTally errors, LoadCounters counters, AckPolicy policy) {
    }

    /** {@code pairs} one-to-one conversations: uid {@code <run>-p<i>a} sends to {@code <run>-p<i>b}. */
    public static Scenario pairs(String runId, int pairs, Wiring w) {
        List<Device> devices = new ArrayList<>();
        List<Lane> lanes = new ArrayList<>();
        Reconnector reconnector = reconnector(w);
        for (int i = 0; i < pairs; i++) {
            String a = runId + "-p" + i + "a";
            String b = runId + "-p" + i + "b";
            String conversation = ConversationId.direct(a, b).value();
            Device sender = device(a, w, reconnector);
            Device receiver = device(b, w, reconnector);
            w.checker().conversation(conversation, List.of(sender.key(), receiver.key()));
            devices.add(sender);
            devices.add(receiver);
            lanes.add(new Lane(sender, conversation));
        }
        connect(devices, w);
        return new Scenario("pairs", devices, lanes, 1, w.policy().interval(), reconnector);
    }

    /**
     * {@code groups} groups of {@code size} members, one device each, created by their first member over REST;
     * lanes alternate over groups first, so consecutive messages go to different groups.
     */
    public static Scenario groups(String runId, int groups, int size, Wiring w) {
        List<Device> devices = new ArrayList<>();
        Reconnector reconnector = reconnector(w);
        Device[][] members = new Device[groups][size];
        String[] conversations = new String[groups];
        for (int g = 0; g < groups; g++) {
            List<String> others = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (int m = 0; m < size; m++) {
                String uid = runId + "-g" + g + "m" + m;
                members[g][m] = device(uid, w, reconnector);
                devices.add(members[g][m]);
                keys.add(members[g][m].key());
                if (m > 0) {
                    others.add(uid);
                }
            }
            conversations[g] = w.gateway().createGroup(members[g][0].token(), runId + "-g" + g, others);
            w.checker().conversation(conversations[g], keys);
        }
        List<Lane> lanes = new ArrayList<>();
        for (int m = 0; m < size; m++) {
            for (int g = 0; g < groups; g++) {
                lanes.add(new Lane(members[g][m], conversations[g]));
            }
        }
        connect(devices, w);
        return new Scenario("groups", devices, lanes, size - 1, w.policy().interval(), reconnector);
    }

    private static Reconnector reconnector(Wiring w) {
        return new Reconnector(w.gateway(), w.clients().get(0), w.webSocket(), w.counters());
    }

    private static Device device(String uid, Wiring w, Reconnector reconnector) {
        return new Device(uid, "d1", w.gateway().devToken(uid, "d1"), w.checker(), w.errors(), w.counters(),
                w.policy(), reconnector::lost, reconnector::fillGaps);
    }

    private static void connect(List<Device> devices, Wiring w) {
        for (int from = 0; from < devices.size(); from += CONNECTING_AT_ONCE) {
            List<CompletableFuture<Void>> opening = new ArrayList<>();
            for (int i = from; i < Math.min(devices.size(), from + CONNECTING_AT_ONCE); i++) {
                Device d = devices.get(i);
                HttpClient http = w.clients().get(i % w.clients().size());
                opening.add(LoadSocket.connect(http, w.webSocket().apply(d.token()), d).thenAccept(d::attach));
            }
            opening.forEach(CompletableFuture::join);
        }
    }

    private void tick() {
        long now = System.nanoTime();
        for (Device d : devices) {
            d.tick(now);
        }
    }

    public String name() {
        return name;
    }

    public List<Lane> lanes() {
        return lanes;
    }

    public int devices() {
        return devices.size();
    }

    /** Receivers of each message, its sender's own device left out. */
    public int receiversPerMessage() {
        return receiversPerMessage;
    }

    @Override
    public void close() {
        ackTimer.shutdownNow();
        reconnector.close();
        CompletableFuture.allOf(devices.stream().map(Device::close).toArray(CompletableFuture[]::new)).join();
    }
}
