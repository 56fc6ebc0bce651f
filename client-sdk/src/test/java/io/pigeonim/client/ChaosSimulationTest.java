package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.BiConsumer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pigeonim.client.store.FileClientStore;
import io.pigeonim.client.transport.Network;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;
import io.pigeonim.common.id.ConversationId;

/**
 * The SDK's whole contract against {@link StandInPigeonServer} through {@link FaultyTransport} (no stack, no
 * sockets), then over real sockets with each HTTP stack (the same scenario against the real system is e2e-tests'
 * ChaosDeliveryIT): four users on two devices
 * each, one to one and in a group, 5 % of frames dropped, others delayed, reordered and duplicated, connections
 * cut every couple of seconds, one app restarted from its file store halfway. Every device shows every message
 * of its conversations exactly once, in seq order; every send is stored once, none is reported failed.
 */
class ChaosSimulationTest {

    private static final int MESSAGES = 3000;
    private static final String GROUP = "g:team";

    private final StandInPigeonServer server = new StandInPigeonServer();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2);
    private final List<PigeonClient> clients = new CopyOnWriteArrayList<>();
    private final List<FaultyTransport> transports = new CopyOnWriteArrayList<>();
    private URI gatewayUri = URI.create("http://fake");
    private BiConsumer<String, PigeonClient.Builder> wiring;
    private final Map<String, Map<String, List<MessageFrame>>> shown = new ConcurrentHashMap<>();
    private final Map<String, SendUpdate> lastUpdate = new ConcurrentHashMap<>();
    private final List<String> violations = new CopyOnWriteArrayList<>();
    private final ClientOptions options = ClientOptions.defaults()
            .withSends(Duration.ofMillis(500), Duration.ofMinutes(5), 64)
            .withReconnect(Duration.ofMillis(20), Duration.ofMillis(300))
            .withLiveness(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

    @TempDir
    Path dir;

    @AfterEach
    void stop() {
        clients.forEach(PigeonClient::close);
        timers.shutdownNow();
        server.close();
    }

    @Test
    void everyDeviceShowsEveryMessageOnceInSeqOrderThroughFaultsAndARestart() throws Exception {
        server.refuse(0.01);
        FaultProxy.Faults faults = new FaultProxy.Faults(0.05, 0.02, 0.05, Duration.ofMillis(50), Duration.ofSeconds(1));
        run(MESSAGES, (key, b) -> {
            FaultyTransport transport = new FaultyTransport(server, faults, key.hashCode() + clients.size(), timers);
            transports.add(transport);
            b.tokens(() -> key).transport(transport).api(server);
        });
        assertThat(transports.stream().mapToInt(FaultyTransport::dropped).sum()).isGreaterThan(100);
        assertThat(transports.stream().mapToInt(FaultyTransport::cuts).sum()).isGreaterThanOrEqualTo(8);
    }

    /**
     * The same over real sockets, on each of the SDK's HTTP stacks: its WebSocket through the {@link FaultProxy} to
     * a socket front of the stand-in, and its REST calls (sync with every 7th page refused 429, history, summary, dev
     * tokens) straight to that front.
     */
    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void theSameOverRealSocketsThroughTheFaultProxy(HttpStack stack) throws Exception {
        FaultProxy.Faults faults = new FaultProxy.Faults(0.05, 0.02, 0.05, Duration.ofMillis(50), Duration.ofSeconds(1));
        Network network = stack.network();
        try (StandInGateway gateway = new StandInGateway(server); FaultProxy proxy = new FaultProxy(gateway.uri(), faults, 12)) {
            gateway.rateLimitEverySync(7);
            gatewayUri = gateway.uri();
            run(1000, (key, b) -> b.network(network).transport(network.transport(proxy.uri())));
            assertThat(gateway.rateLimited()).isPositive();
            Map<String, Long> counts = proxy.counts();
            assertThat(counts.get("dropped")).isGreaterThan(20);
            assertThat(counts.get("duplicated")).isPositive();
            assertThat(counts.get("cuts")).isGreaterThanOrEqualTo(3);
        }
    }

    private void run(int messages, BiConsumer<String, PigeonClient.Builder> wiring) throws Exception {
        this.wiring = wiring;
        List<String> users = List.of("ann", "ben", "cat", "dan");
        server.group(GROUP, users);
        server.group("g:others", List.of("eve"));
        Map<String, List<String>> conversationsOf = new HashMap<>();
        for (String a : users) {
            List<String> mine = new ArrayList<>(List.of(GROUP));
            users.stream().filter(b -> !b.equals(a)).forEach(b -> mine.add(ConversationId.direct(a, b).value()));
            conversationsOf.put(a, mine);
        }
        Map<String, PigeonClient[]> devices = new HashMap<>();
        for (String uid : users) {
            devices.put(uid, new PigeonClient[] {device(uid, "phone"), device(uid, "laptop")});
        }

        Random random = new Random(12);
        Set<String> sent = ConcurrentHashMap.newKeySet();
        Set<String> refused = ConcurrentHashMap.newKeySet();
        for (int i = 0; i < messages; i++) {
            String uid = users.get(random.nextInt(users.size()));
            int d = random.nextInt(2);
            List<String> mine = conversationsOf.get(uid);
            if (i % 97 == 0) {
                // not a member: refused for good, and the sends behind it must still go through
                OutgoingMessage forbidden = OutgoingMessage.text("g:others", "#" + i);
                refused.add(forbidden.clientMsgId());
                devices.get(uid)[d].send(forbidden);
            }
            OutgoingMessage m = OutgoingMessage.text(mine.get(random.nextInt(mine.size())), "#" + i);
            sent.add(m.clientMsgId());
            devices.get(uid)[d].send(m);
            if (i == messages / 2) {
                // the app restarts: its file store and what it showed survive, nothing else
                devices.get("ben")[0].close();
                devices.get("ben")[0] = device("ben", "phone");
            }
            if (i % 50 == 0) {
                Thread.sleep(20);
            }
        }

        awaitUntil(Duration.ofSeconds(90), () -> sent.stream().allMatch(id -> lastUpdate.containsKey(id)
                && lastUpdate.get(id).state().stored()));
        awaitUntil(Duration.ofSeconds(30), () -> refused.stream().allMatch(id -> lastUpdate.containsKey(id)
                && lastUpdate.get(id).state() == MessageState.FAILED));
        awaitUntil(Duration.ofSeconds(60), () -> users.stream().allMatch(uid -> conversationsOf.get(uid).stream()
                .allMatch(c -> shownBy(uid + "/phone", c).size() == server.history(c).size()
                        && shownBy(uid + "/laptop", c).size() == server.history(c).size())));

        for (String uid : users) {
            for (String c : conversationsOf.get(uid)) {
                for (int d = 0; d < 2; d++) {
                    String key = uid + (d == 0 ? "/phone" : "/laptop");
                    List<MessageFrame> h = server.history(c);
                    if (shownBy(key, c).size() != h.size()) {
                        System.out.println("DEBUG " + key + " " + c + " shown " + shownBy(key, c).size() + " of " + h.size()
                                + " client cursor " + devices.get(uid)[d].cursor(c) + " server cursor " + server.cursor(key, c)
                                + " last seq " + h.get(h.size() - 1).seq() + " summary " + server.summary(key).join());
                    }
                }
            }
        }
        List<String> storedIds = new ArrayList<>();
        conversationsOf.get("ann").forEach(c -> server.history(c).forEach(m -> storedIds.add(m.clientMsgId())));
        server.history(ConversationId.direct("ben", "cat").value()).forEach(m -> storedIds.add(m.clientMsgId()));
        server.history(ConversationId.direct("ben", "dan").value()).forEach(m -> storedIds.add(m.clientMsgId()));
        server.history(ConversationId.direct("cat", "dan").value()).forEach(m -> storedIds.add(m.clientMsgId()));
        assertThat(storedIds).doesNotHaveDuplicates().containsExactlyInAnyOrderElementsOf(sent);
        assertThat(lastUpdate.values()).filteredOn(u -> u.state() == MessageState.FAILED)
                .extracting(SendUpdate::clientMsgId).containsExactlyInAnyOrderElementsOf(refused);
        for (String uid : users) {
            for (String c : conversationsOf.get(uid)) {
                List<String> expected = server.history(c).stream().map(MessageFrame::msgId).toList();
                assertThat(shownBy(uid + "/phone", c)).as(uid + "/phone " + c).extracting(MessageFrame::msgId)
                        .containsExactlyElementsOf(expected);
                assertThat(shownBy(uid + "/laptop", c)).as(uid + "/laptop " + c).extracting(MessageFrame::msgId)
                        .containsExactlyElementsOf(expected);
            }
        }
        assertThat(violations).isEmpty();
        assertThat(lastUpdate.values()).anyMatch(u -> u.state() == MessageState.DELIVERED);
    }

    private PigeonClient device(String uid, String deviceId) {
        String key = uid + "/" + deviceId;
        Map<String, List<MessageFrame>> mine = shown.computeIfAbsent(key, k -> new ConcurrentHashMap<>());
        PigeonClient.Builder builder = PigeonClient.builder(gatewayUri, uid, deviceId);
        wiring.accept(key, builder);
        PigeonClient client = builder
                .store(new FileClientStore(dir.resolve(uid + "-" + deviceId)))
                .options(options)
                .seed(key.hashCode())
                .listener(new PigeonListener() {
                    @Override
                    public void onMessage(MessageFrame message) {
                        mine.computeIfAbsent(message.conversationId(), c -> Collections.synchronizedList(new ArrayList<>()))
                                .add(message);
                    }

                    @Override
                    public void onSendUpdate(SendUpdate update) {
                        lastUpdate.put(update.clientMsgId(), update);
                        if (update.state() == MessageState.DELIVERED) {
                            String peer = ConversationId.parse(update.conversationId()).peerOf(uid);
                            boolean shownByPeer = List.of(peer + "/phone", peer + "/laptop").stream().anyMatch(d ->
                                    shownBy(d, update.conversationId()).stream().anyMatch(m -> m.msgId().equals(update.msgId())));
                            if (!shownByPeer) {
                                violations.add(update.toString());
                            }
                        }
                    }
                })
                .start();
        clients.add(client);
        return client;
    }

    private List<MessageFrame> shownBy(String device, String conversationId) {
        List<MessageFrame> list = shown.getOrDefault(device, Map.of()).getOrDefault(conversationId, List.of());
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    private static void awaitUntil(Duration limit, java.util.function.BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + limit.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return;
            }
            Thread.sleep(100);
        }
    }
}
