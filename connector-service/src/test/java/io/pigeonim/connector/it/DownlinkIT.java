package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.identity.IdentityHeaders;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.push.PushResponse;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.TestTrust;

/**
 * msg:N and ack:R/ack:A: pushes reach the right connections, are retransmitted until acknowledged
 * (test schedule: 400 ms, then 800 ms, at most 2 times) and acks are recorded through message-service.
 */
class DownlinkIT extends ConnectorItSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void aPushReachesEveryConnectionOfTheListedUsersAndNoOther() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = ConversationId.direct(alice, bob).value();
        try (TestSocket phone = connect(bob, "phone"); TestSocket laptop = connect(bob, "laptop");
                TestSocket other = connect(alice, "d1")) {
            ServerFrame.MessageFrame message = message(conversation, 1, alice);
            PushResponse response = push(new PushRequest(List.of(new PushRequest.Push(List.of(bob), message))));

            assertThat(response.sessions()).isEqualTo(2);
            assertThat(phone.next()).isEqualTo(message);
            assertThat(laptop.next()).isEqualTo(message);
            assertThat(other.poll(Duration.ofMillis(300))).isNull();
        }
    }

    @Test
    void aMessageFarLargerThanTheConnectionsBuffersArrivesWhole() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = ConversationId.direct(alice, bob).value();
        try (TestSocket device = connect(bob, "d1")) {
            // 16 KiB of content, in 2- and 4-byte characters: Tomcat writes it in many 512-byte fragments of one frame,
            // some ending inside a character
            String content = "é😀".repeat(16 * 1024 / 6);
            ServerFrame.MessageFrame message = new StoredMessage("msg-big", conversation, 1, alice, "c-big",
                    "text", content, 1_763_800_000_000L).frame();
            push(new PushRequest(List.of(new PushRequest.Push(List.of(bob), message))));
            assertThat(device.next()).isEqualTo(message);
        }
    }

    @Test
    void framesOfOnePushLeaveInListOrder() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = ConversationId.direct(alice, bob).value();
        try (TestSocket device = connect(bob, "d1")) {
            List<PushRequest.Push> pushes = new ArrayList<>();
            for (int seq = 1; seq <= 5; seq++) {
                pushes.add(new PushRequest.Push(List.of(bob), message(conversation, seq, alice)));
            }
            pushes.add(new PushRequest.Push(List.of(bob), new ServerFrame.Delivered(conversation, 5, alice, false)));
            push(new PushRequest(pushes));
            for (int seq = 1; seq <= 5; seq++) {
                assertThat(((ServerFrame.MessageFrame) device.next()).seq()).isEqualTo(seq);
            }
            assertThat(device.next()).isInstanceOf(ServerFrame.Delivered.class);
        }
    }

    @Test
    void anUnacknowledgedMessageIsSentAgainUntilTheAckIsRecorded() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = ConversationId.direct(alice, bob).value();
        try (TestSocket device = connect(bob, "d1")) {
            ServerFrame.MessageFrame message = message(conversation, 7, alice);
            push(new PushRequest(List.of(new PushRequest.Push(List.of(bob), message))));
            assertThat(device.next()).isEqualTo(message);
            assertThat(device.next(Duration.ofSeconds(3))).as("retransmission").isEqualTo(message);

            device.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, 7L))));
            ServerFrame.AckOk ok = (ServerFrame.AckOk) device.next();

            assertThat(ok.acks()).containsExactly(new AckEntry(conversation, 7L));
            assertThat(MESSAGE_SERVICE.received())
                    .contains(new AckRequest(bob, "d1", List.of(new AckEntry(conversation, 7L))));
            assertThat(device.poll(Duration.ofMillis(2500))).as("nothing after the ack").isNull();
        }
    }

    @Test
    void anAckStopsResendingAndFreesTheWindowAsSoonAsItIsReadLongBeforeItIsDurable() throws Exception {
        String alice = uid("alice");
        String bob = uid("slowbob"); // its acks take 1.5 s to record: longer than the retransmission timer
        String conversation = ConversationId.direct(alice, bob).value();
        try (TestSocket device = connect(bob, "d1")) {
            pushAndReceive(device, bob, conversation, alice, 8);
            device.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, 8L))));
            Thread.sleep(100); // the ack is read (nothing to wait for: the connector answers it only once durable)
            assertThat(push(new PushRequest(List.of(new PushRequest.Push(List.of(bob), message(conversation, 9, alice)))))
                    .sessions()).as("the window of 8 has room again before the ack is durable").isEqualTo(1);

            // 9 at once; then, after 1.5 s, ack_ok for 8 and for 9, and none of 1..9 again although their
            // retransmission timer (400 ms) passed meanwhile
            assertThat(((ServerFrame.MessageFrame) device.next()).seq()).isEqualTo(9L);
            device.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, 9L))));
            List<ServerFrame> after = new ArrayList<>();
            ServerFrame frame;
            while ((frame = device.poll(Duration.ofMillis(2 * SLOW_MILLIS + 1000))) != null) {
                after.add(frame);
            }
            assertThat(after).containsExactly(new ServerFrame.AckOk(List.of(new AckEntry(conversation, 8L))),
                    new ServerFrame.AckOk(List.of(new AckEntry(conversation, 9L))));
        }
    }

    @Test
    void acksReadWhileOneIsRecordedAreMergedNeverRefusedForTheirRate() throws Exception {
        String alice = uid("alice");
        String bob = uid("slowbob");
        String conversation = ConversationId.direct(alice, bob).value();
        try (TestSocket device = connect(bob, "d1")) {
            pushAndReceive(device, bob, conversation, alice, 8);
            int before = MESSAGE_SERVICE.received().size();
            // 200 ack frames while the first is being recorded (far past the old limit of 64 waiting)
            for (int i = 0; i < 200; i++) {
                device.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, 1L + (i % 8)))));
            }
            List<ServerFrame> answers = new ArrayList<>();
            ServerFrame frame;
            while ((frame = device.poll(Duration.ofMillis(2 * SLOW_MILLIS + 1000))) != null) {
                answers.add(frame);
            }
            assertThat(answers).as("no error, no RATE_LIMITED").allMatch(f -> f instanceof ServerFrame.AckOk);
            assertThat(answers).as("the first recording and one merged one").hasSize(2);
            assertThat(answers.get(1)).isEqualTo(new ServerFrame.AckOk(List.of(new AckEntry(conversation, 8L))));
            List<AckRequest> recorded = new ArrayList<>(MESSAGE_SERVICE.received()).subList(before,
                    MESSAGE_SERVICE.received().size());
            assertThat(recorded).filteredOn(r -> r.uid().equals(bob)).hasSize(2);
        }
    }

    @Test
    void retransmissionStopsAfterItsBound() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = ConversationId.direct(alice, bob).value();
        try (TestSocket device = connect(bob, "d1")) {
            ServerFrame.MessageFrame message = message(conversation, 3, alice);
            push(new PushRequest(List.of(new PushRequest.Push(List.of(bob), message))));

            assertThat(device.next()).isEqualTo(message);
            assertThat(device.next(Duration.ofSeconds(3))).isEqualTo(message);
            assertThat(device.next(Duration.ofSeconds(3))).isEqualTo(message);
            assertThat(device.poll(Duration.ofSeconds(3))).as("no third retransmission").isNull();
        }
    }

    @Test
    void pushesPastTheInflightWindowWaitForAcksAndPastTheWaitingLineTheConnectionIsToldToSync() throws Exception {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = ConversationId.direct(alice, bob).value();
        try (TestSocket device = connect(bob, "d1")) {
            List<PushRequest.Push> pushes = new ArrayList<>();
            for (int seq = 1; seq <= 10; seq++) {
                pushes.add(new PushRequest.Push(List.of(bob), message(conversation, seq, alice)));
            }
            assertThat(push(new PushRequest(pushes)).sessions()).as("window of 8 in the test config").isEqualTo(8);
            for (long seq = 1; seq <= 8; seq++) {
                assertThat(((ServerFrame.MessageFrame) device.next()).seq()).isEqualTo(seq);
            }
            device.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, 8L))));
            // 9 and 10 waited for room: they come after the ack_ok, in order
            List<Long> after = new ArrayList<>();
            boolean acked = false;
            while (after.size() < 2) {
                ServerFrame frame = device.next();
                if (frame instanceof ServerFrame.AckOk) {
                    acked = true;
                } else if (frame instanceof ServerFrame.MessageFrame m && acked && m.seq() > 8) {
                    after.add(m.seq());
                }
            }
            assertThat(after).containsExactly(9L, 10L);

            // a device that stops acknowledging: 8 in the window, 8 waiting (the test config), then 1013
            pushes.clear();
            for (int seq = 11; seq <= 27; seq++) {
                pushes.add(new PushRequest.Push(List.of(bob), message(conversation, seq, alice)));
            }
            push(new PushRequest(pushes));
            TestSocket.Close close = device.awaitClose();
            assertThat(close.code()).isEqualTo(1013);
            assertThat(close.reason()).contains("sync");
        }
    }

    @Test
    void acksOfManyConnectionsAreRecordedInOneCallEachAnsweredOnItsOwn() throws Exception {
        String alice = uid("alice");
        List<TestSocket> devices = new ArrayList<>();
        try {
            for (int i = 0; i < 5; i++) {
                devices.add(connect(uid("bob"), "d1"));
            }
            int batchesBefore = MESSAGE_SERVICE.batches();
            for (TestSocket device : devices) {
                device.send(new ClientFrame.Ack(List.of(new AckEntry(ConversationId.direct(alice, uid("x")).value(), 3L))));
            }
            // one refused among them: only its device hears of it
            TestSocket refused = connect(uid("eve"), "d1");
            devices.add(refused);
            refused.send(new ClientFrame.Ack(List.of(new AckEntry("p:nobody:x", 1L))));
            for (TestSocket device : devices.subList(0, 5)) {
                assertThat(device.next()).isInstanceOf(ServerFrame.AckOk.class);
            }
            assertThat(((ServerFrame.Error) refused.next()).code()).isEqualTo(ErrorCode.FORBIDDEN);
            assertThat(MESSAGE_SERVICE.batches() - batchesBefore).as("calls for 6 acks").isLessThan(6);
        } finally {
            devices.forEach(TestSocket::close);
        }
    }

    @Test
    void refusedAcksAnswerWithTheProblemsCode() {
        String alice = uid("alice");
        String bob = uid("bob");
        String conversation = ConversationId.direct(alice, bob).value();
        try (TestSocket device = connect(bob, "d1")) {
            device.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, 999_999L))));
            assertThat(((ServerFrame.Error) device.next()).code()).isEqualTo(ErrorCode.BAD_FRAME);
            device.send(new ClientFrame.Ack(List.of(new AckEntry("p:nobody:x", 1L))));
            assertThat(((ServerFrame.Error) device.next()).code()).isEqualTo(ErrorCode.FORBIDDEN);
            device.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, 777_777L))));
            assertThat(((ServerFrame.Error) device.next()).code()).isEqualTo(ErrorCode.UNAVAILABLE);
            device.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, 1L))));
            assertThat(device.next()).isInstanceOf(ServerFrame.AckOk.class);
        }
    }

    @Test
    void aMalformedPushIsABadRequestProblem() throws Exception {
        HttpResponse<String> response = HTTP.send(TestTrust.internalPost(URI.create("http://localhost:" + port
                        + "/internal/v1/push"), "{\"pushes\":[{\"uids\":[\"a\"]}]}").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(400);
        assertThat(response.body()).contains("\"code\":\"BAD_REQUEST\"");
    }

    @Test
    void aPushWithoutAValidServiceCredentialIsRefusedAndDeliversNothing() throws Exception {
        String uid = "nocred-" + System.nanoTime();
        try (TestSocket device = TestSocket.toConnector(port, uid, "d1")) {
            device.send("{\"type\":\"ping\"}");
            assertThat(device.next()).isInstanceOf(ServerFrame.Pong.class);
            String body = PigeonJson.mapper().writeValueAsString(new PushRequest(List.of(
                    new PushRequest.Push(List.of(uid), message("p:" + uid + ":zed", 1, "zed")))));
            URI uri = URI.create("http://localhost:" + port + "/internal/v1/push");
            HttpResponse<String> bare = HTTP.send(HttpRequest.newBuilder(uri).header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
            String otherBody = body.replace("hello", "HELLO");
            HttpResponse<String> bodySwapped = HTTP.send(HttpRequest.newBuilder(uri)
                    .header("Content-Type", "application/json")
                    .header(IdentityHeaders.SERVICE, TestTrust.serviceToken("POST", "/internal/v1/push", body))
                    .POST(HttpRequest.BodyPublishers.ofString(otherBody)).build(), HttpResponse.BodyHandlers.ofString());

            assertThat(List.of(bare.statusCode(), bodySwapped.statusCode())).containsOnly(401);
            assertThat(bare.body()).contains("\"code\":\"UNAUTHORIZED\"");
            assertThatThrownBy(() -> device.next(Duration.ofMillis(500))).isInstanceOf(AssertionError.class);
        }
    }

    /** Pushes seqs 1..{@code count} to {@code uid} and checks that {@code device} receives them in order. */
    private void pushAndReceive(TestSocket device, String uid, String conversation, String sender, int count)
            throws Exception {
        List<PushRequest.Push> pushes = new ArrayList<>();
        for (int seq = 1; seq <= count; seq++) {
            pushes.add(new PushRequest.Push(List.of(uid), message(conversation, seq, sender)));
        }
        push(new PushRequest(pushes));
        for (long seq = 1; seq <= count; seq++) {
            assertThat(((ServerFrame.MessageFrame) device.next()).seq()).isEqualTo(seq);
        }
    }

    private static ServerFrame.MessageFrame message(String conversation, long seq, String sender) {
        return new StoredMessage("msg-" + seq, conversation, seq, sender, "c-" + seq, "text",
                "hello " + seq, 1_763_800_000_000L).frame();
    }

    private PushResponse push(PushRequest request) throws Exception {
        HttpResponse<byte[]> response = HTTP.send(TestTrust.internalPost(URI.create("http://localhost:" + port
                        + "/internal/v1/push"), PigeonJson.mapper().writeValueAsString(request)).build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertThat(response.statusCode()).isEqualTo(200);
        return PigeonJson.mapper().readValue(response.body(), PushResponse.class);
    }
}
