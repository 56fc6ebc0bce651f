package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import io.pigeonim.common.frame.StoredMessage;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.pigeonim.client.ClientOptions;
import io.pigeonim.client.FaultProxy;
import io.pigeonim.client.MessageState;
import io.pigeonim.client.OutgoingMessage;
import io.pigeonim.client.SendUpdate;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;
import io.pigeonim.common.id.ConversationId;
import tools.jackson.databind.JsonNode;

/**
 * Issue 12's proof: "once, in order" holds end to end with the client SDK doing its half, through a network
 * that drops 5 % of the frames, delays, reorders and duplicates others, and cuts every connection every few
 * seconds. Four users, each on two devices, talk one to one and in a group; one device's app restarts in the
 * middle. Afterwards every device has shown every message of its conversations exactly once, in seq order;
 * every send is stored once; none reported failed was stored, none reported delivered was not shown by a
 * device of the peer.
 */
@ExtendWith(PigeonSystem.class)
class ChaosDeliveryIT {

    /** Messages sent in all (issue 12 asks 10,000: ~100 s); 100 a second, under the REST rate limit the gap fills need. */
    private static final int MESSAGES = Integer.getInteger("pigeon.chaos.messages", 10_000);
    private static final int PER_SECOND = 100;
    private static final long SEED = 12;

    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @TempDir
    Path stores;

    @Test
    void everyDeviceShowsEveryMessageOnceInSeqOrderThroughDropsDuplicatesReordersCutsAndARestart() throws Exception {
        List<String> users = List.of("ann-" + run, "ben-" + run, "cat-" + run, "dan-" + run);
        JsonNode group = TestClient.json(TestClient.device(users.get(0), "setup").post("/api/v1/groups",
                "{\"name\":\"chaos\",\"members\":[\"" + users.get(1) + "\",\"" + users.get(2) + "\",\"" + users.get(3) + "\"]}"));
        Map<String, List<String>> conversationsOf = conversations(users, group.get("conversationId").asString());

        Map<String, SendUpdate> lastUpdate = new ConcurrentHashMap<>();
        List<String> violations = new CopyOnWriteArrayList<>();
        Map<String, List<SdkDevice>> devicesOf = new LinkedHashMap<>();
        FaultProxy.Faults faults = new FaultProxy.Faults(0.05, 0.02, 0.03, Duration.ofMillis(300), Duration.ofSeconds(5));
        ClientOptions options = ClientOptions.defaults()
                .withSends(Duration.ofSeconds(2), Duration.ofMinutes(5), 128)
                .withReconnect(Duration.ofMillis(100), Duration.ofSeconds(2))
                .withLiveness(Duration.ofSeconds(3), Duration.ofSeconds(3), Duration.ofSeconds(4));
        try (FaultProxy proxy = new FaultProxy(URI.create(PigeonSystem.GATEWAY), faults, SEED)) {
            for (String uid : users) {
                List<SdkDevice> devices = new ArrayList<>();
                for (String deviceId : List.of("phone", "laptop")) {
                    devices.add(new SdkDevice(uid, deviceId, proxy.uri(), stores.resolve(uid + "-" + deviceId),
                            options, update -> {
                                lastUpdate.put(update.clientMsgId(), update);
                                checkDelivered(update, uid, devicesOf, violations);
                            }));
                }
                devicesOf.put(uid, devices);
            }

            Map<String, String> senderOf = send(users, conversationsOf, devicesOf);

            await().atMost(Duration.ofMinutes(3)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() ->
                    assertThat(senderOf.keySet()).allMatch(id -> lastUpdate.containsKey(id)
                            && (lastUpdate.get(id).state().stored() || lastUpdate.get(id).state() == MessageState.FAILED)));
            Map<String, List<MessageFrame>> history = history(users, conversationsOf);

            // stored once each; nothing reported failed was stored
            Set<String> failed = new HashSet<>();
            lastUpdate.forEach((id, u) -> {
                if (u.state() == MessageState.FAILED) {
                    failed.add(id);
                }
            });
            List<String> stored = history.values().stream().flatMap(List::stream)
                    .filter(m -> senderOf.containsKey(m.clientMsgId())).map(MessageFrame::clientMsgId).toList();
            assertThat(stored).doesNotHaveDuplicates();
            assertThat(failed).doesNotContainAnyElementsOf(stored);
            assertThat(new HashSet<>(stored)).hasSize(senderOf.size() - failed.size());
            assertThat(failed).as("sends reported failed").isEmpty();

            // every device: every message of its conversations, once, in seq order
            await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1)).untilAsserted(() -> {
                for (Map.Entry<String, List<SdkDevice>> user : devicesOf.entrySet()) {
                    for (SdkDevice device : user.getValue()) {
                        for (String conversation : conversationsOf.get(user.getKey())) {
                            assertThat(device.shown(conversation)).as(device + " in " + conversation)
                                    .extracting(MessageFrame::msgId)
                                    .containsExactlyElementsOf(history.get(conversation).stream()
                                            .map(MessageFrame::msgId).toList());
                        }
                    }
                }
            });
            assertThat(violations).as("reported DELIVERED before a device of the peer showed it").isEmpty();
            Map<String, Long> counts = proxy.counts();
            System.out.println("chaos: " + MESSAGES + " messages, proxy " + counts);
            assertThat(counts.get("dropped")).isPositive();
            assertThat(counts.get("duplicated")).isPositive();
            assertThat(counts.get("cuts")).isGreaterThanOrEqualTo(8);
        } finally {
            for (List<SdkDevice> devices : devicesOf.values()) {
                for (SdkDevice d : devices) {
                    d.close();
                }
            }
        }
    }

    /** Sends at a steady rate from random devices into random conversations; restarts one app halfway. */
    private static Map<String, String> send(List<String> users, Map<String, List<String>> conversationsOf,
            Map<String, List<SdkDevice>> devicesOf) throws InterruptedException {
        Random random = new Random(SEED);
        Map<String, String> senderOf = new ConcurrentHashMap<>();
        long start = System.nanoTime();
        for (int i = 0; i < MESSAGES; i++) {
            String uid = users.get(random.nextInt(users.size()));
            SdkDevice device = devicesOf.get(uid).get(random.nextInt(2));
            List<String> mine = conversationsOf.get(uid);
            String conversation = mine.get(random.nextInt(mine.size()));
            OutgoingMessage message = OutgoingMessage.text(conversation, "#" + i + " from " + device);
            senderOf.put(message.clientMsgId(), uid);
            device.send(message);
            if (i == MESSAGES / 2) {
                devicesOf.get(users.get(1)).get(0).restart();
            }
            long due = start + (i + 1) * 1_000_000_000L / PER_SECOND;
            long wait = due - System.nanoTime();
            if (wait > 0) {
                Thread.sleep(wait / 1_000_000, (int) (wait % 1_000_000));
            }
        }
        return senderOf;
    }

    /** A DELIVERED must mean that some device of the peer had shown the message. */
    private static void checkDelivered(SendUpdate update, String uid, Map<String, List<SdkDevice>> devicesOf,
            List<String> violations) {
        if (update.state() != MessageState.DELIVERED) {
            return;
        }
        String peer = ConversationId.parse(update.conversationId()).peerOf(uid);
        if (devicesOf.get(peer).stream().noneMatch(d -> d.has(update.msgId()))) {
            violations.add(update.toString());
        }
    }

    private static Map<String, List<String>> conversations(List<String> users, String group) {
        Map<String, List<String>> of = new HashMap<>();
        for (String a : users) {
            List<String> mine = new ArrayList<>();
            mine.add(group);
            for (String b : users) {
                if (!a.equals(b)) {
                    mine.add(ConversationId.direct(a, b).value());
                }
            }
            of.put(a, mine);
        }
        return of;
    }

    /** Every conversation's stored messages, in seq order, as the server's history has them. */
    private static Map<String, List<MessageFrame>> history(List<String> users, Map<String, List<String>> conversationsOf)
            throws Exception {
        Map<String, List<MessageFrame>> history = new HashMap<>();
        for (String uid : users) {
            TestClient reader = TestClient.device(uid, "reader");
            for (String conversation : conversationsOf.get(uid)) {
                if (history.containsKey(conversation)) {
                    continue;
                }
                List<MessageFrame> messages = new ArrayList<>();
                boolean more = true;
                while (more) {
                    long after = messages.isEmpty() ? 0 : messages.get(messages.size() - 1).seq();
                    JsonNode page = TestClient.json(reader.get("/api/v1/conversations/" + conversation
                            + "/messages?afterSeq=" + after + "&limit=200"));
                    for (JsonNode m : page.get("messages")) {
                        messages.add(new StoredMessage(m.get("msgId").asString(), conversation, m.get("seq").asLong(),
                                m.get("senderId").asString(), m.get("clientMsgId").asString(),
                                m.get("contentType").asString(), m.get("content").asString(), m.get("sendTime").asLong()).frame());
                    }
                    more = page.get("hasMore").asBoolean();
                }
                history.put(conversation, messages);
            }
        }
        return history;
    }
}
