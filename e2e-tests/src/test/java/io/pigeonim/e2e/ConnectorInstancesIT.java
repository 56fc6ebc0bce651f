package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.stream.IntStream;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;

/**
 * Issue 5 with two connector instances: pushes find each device on its instance, and a connector killed
 * with {@code kill -9} under traffic loses nothing: its clients reconnect (to the other instance), sync,
 * and end with every message once, in order.
 */
@ExtendWith(PigeonSystem.class)
class ConnectorInstancesIT {

    private static Connectors connectors;
    private final String run = UUID.randomUUID().toString().substring(0, 8);

    @BeforeAll
    static void routes() {
        if (!PigeonSystem.local()) {
            // never skipped: this scenario kills and restarts the runner's processes, so it needs them
            throw new IllegalStateException("ConnectorInstancesIT needs the local runner's system: unset PIGEON_GATEWAY_URL");
        }
        connectors = new Connectors();
    }

    @AfterAll
    static void close() {
        if (connectors != null) {
            connectors.close();
        }
    }

    @Test
    void everyDeviceOfEveryMemberGetsEveryMessageOnWhicheverInstanceItIs() throws Exception {
        try (TestClient alicePhone = on(1, TestClient.device("alice-" + run, "phone"));
                TestClient aliceLaptop = on(2, TestClient.device("alice-" + run, "laptop"));
                TestClient bobPhone = on(2, TestClient.device("bob-" + run, "phone"));
                TestClient bobTablet = on(1, TestClient.device("bob-" + run, "tablet"))) {
            String conversation = ConversationId.direct(alicePhone.uid, bobPhone.uid).value();
            for (int i = 1; i <= 10; i++) {
                alicePhone.send(new ClientFrame.Send((long) i, "m-" + i, conversation, "text", "n" + i));
            }
            List<String> sent = IntStream.rangeClosed(1, 10).mapToObj(i -> "m-" + i).toList();
            long last = 0;
            for (TestClient device : List.of(alicePhone, aliceLaptop, bobPhone, bobTablet)) {
                Inbox inbox = new Inbox();
                inbox.receive(device, in -> in.conversation(conversation).size() == 10);
                assertThat(inbox.conversation(conversation)).as(device.uid + "/" + device.deviceId)
                        .extracting(Inbox.Message::clientMsgId).containsExactlyElementsOf(sent);
                last = inbox.conversation(conversation).get(9).seq();
            }
            // bob's tablet (instance 1) acknowledges: alice's devices on both instances hear of it
            long lastSeq = last;
            bobTablet.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, lastSeq))));
            bobTablet.await(ServerFrame.AckOk.class, ok -> true);
            alicePhone.await(ServerFrame.Delivered.class, d -> !d.offline() && d.seq() == lastSeq);
            aliceLaptop.await(ServerFrame.Delivered.class, d -> !d.offline() && d.seq() == lastSeq);
        }
    }

    @Test
    void aConnectorKilledUnderTrafficLosesNothingItsClientsReconnectAndSync() throws Exception {
        TestClient alice = on(1, TestClient.device("alice-" + run, "phone"));
        TestClient bob = on(2, TestClient.device("bob-" + run, "phone"));
        String conversation = ConversationId.direct(alice.uid, bob.uid).value();
        int total = 120;
        Inbox inbox = new Inbox();
        try {
            CompletableFuture<Void> traffic = CompletableFuture.runAsync(() -> {
                for (int i = 1; i <= total; i++) {
                    alice.send(new ClientFrame.Send((long) i, "k-" + i, conversation, "text", "n" + i));
                    sleep(15);
                }
            });
            // bob reads and acknowledges as an app does, until his instance dies under him
            inbox.receive(bob, in -> in.size() >= 30);
            bob.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, inbox.conversation(conversation)
                    .get(inbox.size() - 1).seq()))));
            connectors.kill9(2);
            int closeCode = bob.closeCode().exceptionally(e -> -1).get(15, TimeUnit.SECONDS);
            traffic.get(30, TimeUnit.SECONDS);

            // the app reconnects (the gateway skips the dead instance), pulls what it missed, then takes pushes
            TestClient again = TestClient.device(bob.uid, bob.deviceId).connect();
            try (again) {
                assertThat(connectors.instanceOf(again)).isEqualTo(1);
                inbox.sync(again, 50);
                inbox.receive(again, in -> in.conversation(conversation).size() == total);
                // every message once after dedup, in the order alice sent them, with rising seqs
                List<Inbox.Message> messages = inbox.conversation(conversation);
                assertThat(messages).extracting(Inbox.Message::clientMsgId)
                        .containsExactlyElementsOf(IntStream.rangeClosed(1, total).mapToObj(i -> "k-" + i).toList());
                assertThat(messages).extracting(Inbox.Message::seq).isSorted().doesNotHaveDuplicates();
                again.expectNone(ServerFrame.MessageFrame.class,
                        m -> m.conversationId().equals(conversation) && m.seq() > messages.get(total - 1).seq(),
                        Duration.ofSeconds(1));
            }
            // alice, on the surviving instance, had every send acknowledged in clientId order
            for (long id = 1; id <= total; id++) {
                long expected = id;
                alice.await(ServerFrame.SendAck.class, a -> a.clientId() == expected);
            }
            System.out.printf("kill -9 scenario: bob's connection closed with %d; %d copies received for %d messages%n",
                    closeCode, inbox.copies(), total);
        } finally {
            alice.close();
            PigeonSystem.restartMissing();
        }
    }

    /** Connects {@code device} and reconnects it until the gateway has placed it on instance {@code n}. */
    private static TestClient on(int n, TestClient device) throws Exception {
        for (int attempt = 0; attempt < 12; attempt++) {
            device.connect();
            if (connectors.instanceOf(device) == n) {
                return device;
            }
            device.close();
            device.closeCode().exceptionally(e -> -1).get(5, TimeUnit.SECONDS);
            device = TestClient.device(device.uid, device.deviceId);
        }
        throw new AssertionError("the gateway never placed " + device.uid + "/" + device.deviceId + " on instance " + n);
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
