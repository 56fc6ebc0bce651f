package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import io.pigeonim.client.store.InMemoryClientStore;
import io.pigeonim.client.store.StoredSend;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;

/** The client's lifecycle against {@link StandInPigeonServer}: replaced, tail loss, a restart's pending sends. */
class SessionTest {

    private static final String CONV = "p:alice:bob";

    private final StandInPigeonServer server = new StandInPigeonServer();
    private final List<PigeonClient> clients = new CopyOnWriteArrayList<>();
    private final ClientOptions options = ClientOptions.defaults()
            .withSends(Duration.ofMillis(500), Duration.ofSeconds(30), 16)
            .withReconnect(Duration.ofMillis(20), Duration.ofMillis(200))
            .withLiveness(Duration.ofSeconds(1), Duration.ofSeconds(1), Duration.ofSeconds(1));

    @AfterEach
    void stop() {
        clients.forEach(PigeonClient::close);
        server.close();
    }

    @Test
    void aDeviceConnectingAgainElsewhereReplacesThisOneWhichDoesNotReconnect() throws Exception {
        List<ConnectionState> states = new CopyOnWriteArrayList<>();
        client("alice", "phone", new PigeonListener() {
            @Override
            public void onConnectionState(ConnectionState state) {
                states.add(state);
            }
        }, new InMemoryClientStore());
        await(() -> states.contains(ConnectionState.ONLINE));
        client("alice", "phone", new PigeonListener() { }, new InMemoryClientStore());
        await(() -> states.contains(ConnectionState.REPLACED));
        Thread.sleep(500);
        assertThat(states).endsWith(ConnectionState.REPLACED);
    }

    @Test
    void aLostLastPushOfAQuietConversationIsPulledThroughTheSummary() throws Exception {
        server.resends(false);
        List<MessageFrame> bobSees = new CopyOnWriteArrayList<>();
        PigeonClient alice = client("alice", "phone", new PigeonListener() { }, new InMemoryClientStore());
        client("bob", "phone", new PigeonListener() {
            @Override
            public void onMessage(MessageFrame message) {
                bobSees.add(message);
            }
        }, new InMemoryClientStore());
        alice.send(OutgoingMessage.text(CONV, "first")).join();
        await(() -> bobSees.size() == 1);

        server.loseNextPushTo("bob/phone");
        alice.send(OutgoingMessage.text(CONV, "last, and lost")).join();

        await(() -> bobSees.size() == 2);
        assertThat(bobSees).extracting(MessageFrame::content).containsExactly("first", "last, and lost");
    }

    @Test
    void sendsStoredBeforeARestartGoOutWhenTheAppStartsAgain() throws Exception {
        InMemoryClientStore store = new InMemoryClientStore();
        store.sendAdded(new StoredSend(new OutgoingMessage("before-restart", CONV, "text", "hello"), System.currentTimeMillis()));
        List<SendUpdate> updates = new CopyOnWriteArrayList<>();
        PigeonClient alice = client("alice", "phone", new PigeonListener() {
            @Override
            public void onSendUpdate(SendUpdate update) {
                updates.add(update);
            }
        }, store);
        await(() -> updates.stream().anyMatch(u -> u.state() == MessageState.SENT));
        assertThat(server.history(CONV)).extracting(MessageFrame::clientMsgId).containsExactly("before-restart");
        await(() -> alice.unconfirmedSends() == 0 && store.load().pendingSends().isEmpty());
    }

    private PigeonClient client(String uid, String deviceId, PigeonListener listener, InMemoryClientStore store) {
        PigeonClient client = PigeonClient.builder(URI.create("http://fake"), uid, deviceId)
                .tokens(() -> uid + "/" + deviceId).transport(server).api(server).store(store).options(options)
                .listener(listener).seed(1).start();
        clients.add(client);
        return client;
    }

    private static void await(BooleanSupplier condition) throws InterruptedException {
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition within 10 s").isLessThan(deadline);
            Thread.sleep(20);
        }
    }
}
