package io.pigeonim.connector.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.ack.AckResponse;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.connector.downlink.DeliveryWindow;
import io.pigeonim.connector.session.Connection;
import io.pigeonim.connector.session.TestConnections;

class AckHandlerTest {

    private static final String CONVERSATION = "p:alice:bob";

    /** Answers nothing until the test completes the futures. */
    private final List<AckRequest> requests = new CopyOnWriteArrayList<>();
    private final List<CompletableFuture<AckResponse>> answers = new CopyOnWriteArrayList<>();
    private final List<ServerFrame> written = new CopyOnWriteArrayList<>();
    private final AtomicInteger windowOpened = new AtomicInteger();
    /** The connection's downlink window, which the ack acts on when read (the downlink's part, as wired). */
    private final DeliveryWindow window = new DeliveryWindow(4, 4);
    private Connection connection;
    private AckQueue queue;
    private AckHandler handler;

    @BeforeEach
    void setUp() throws Exception {
        connection = TestConnections.connection("bob", TestConnections.recordingSession(written));
        queue = new AckQueue();
        AckClient client = request -> {
            CompletableFuture<AckResponse> answer = new CompletableFuture<>();
            requests.add(request);
            answers.add(answer);
            return answer;
        };
        AckedFrames acked = (c, entries, now) -> {
            DeliveryWindow.Read read = window.read(entries, now);
            if (read.freed() > 0) {
                windowOpened.incrementAndGet();
            }
            return read.vouched();
        };
        handler = new AckHandler(client, acked, new SimpleMeterRegistry(), System::nanoTime, () -> 0L);
    }

    private void pushed(long... seqs) {
        for (long seq : seqs) {
            window.admit(new StoredMessage("m" + seq, CONVERSATION, seq, "alice", "c" + seq,
                    "text", "x", 1).frame(), 0, 5_000);
        }
    }

    private void ack(String conversation, long seq) {
        handler.handle(connection, queue, new ClientFrame.Ack(List.of(new AckEntry(conversation, seq))));
    }

    private void recordAsAsked(int i) {
        answers.get(i).complete(new AckResponse(requests.get(i).acks()));
    }

    @Test
    void anAckStopsResendingAndOpensTheWindowWhenReadBeforeItIsDurable() {
        pushed(1, 2, 3, 4, 5, 6); // 4 in the window, 2 waiting
        ack(CONVERSATION, 4);

        assertThat(window.size()).as("nothing left to resend").isZero();
        assertThat(window.due(Long.MAX_VALUE)).isEmpty();
        assertThat(windowOpened).as("what waited may go out").hasValue(1);
        assertThat(written).as("no ack_ok before it is durable").isEmpty();

        recordAsAsked(0);
        assertThat(written).containsExactly(new ServerFrame.AckOk(List.of(new AckEntry(CONVERSATION, 4L))));
    }

    @Test
    void acksReadWhileOneIsRecordedAreMergedIntoOneRequestWhoseHighestSeqWins() {
        pushed(1, 2, 3, 4);
        ack(CONVERSATION, 1);
        for (long seq = 2; seq <= 4; seq++) {
            ack(CONVERSATION, seq);
        }
        ack(CONVERSATION, 2);
        assertThat(requests).as("one recording at a time").hasSize(1);

        recordAsAsked(0);
        assertThat(requests).hasSize(2);
        assertThat(requests.get(1)).isEqualTo(new AckRequest("bob", "d1", List.of(new AckEntry(CONVERSATION, 4L))));

        // message-service answers what it recorded (a cursor never moves back): that is what ack_ok says
        answers.get(1).complete(new AckResponse(List.of(new AckEntry(CONVERSATION, 4L))));
        assertThat(written).containsExactly(new ServerFrame.AckOk(List.of(new AckEntry(CONVERSATION, 1L))),
                new ServerFrame.AckOk(List.of(new AckEntry(CONVERSATION, 4L))));
        assertThat(written).noneMatch(f -> f instanceof ServerFrame.Error);
        assertThat(requests).hasSize(2);
    }

    @Test
    void aFrameNotVouchedForIsRecordedOnItsOwnSoItsRefusalLeavesTheOthersRecorded() {
        pushed(1, 2, 3);
        ack(CONVERSATION, 1);
        ack(CONVERSATION, 2);
        ack("p:bob:mallory", 50); // never pushed here: may be refused
        ack(CONVERSATION, 3);
        recordAsAsked(0);

        assertThat(requests).hasSize(3);
        assertThat(requests.get(1).acks()).containsExactly(new AckEntry(CONVERSATION, 3L));
        assertThat(requests.get(2).acks()).containsExactly(new AckEntry("p:bob:mallory", 50L));
        recordAsAsked(1);
        answers.get(2).completeExceptionally(new AckRefusedException(ErrorCode.BAD_FRAME, "seq: 50 past the last seq"));

        List<ServerFrame> answered = new ArrayList<>(written);
        assertThat(answered).hasSize(3);
        assertThat(answered.get(1)).isEqualTo(new ServerFrame.AckOk(List.of(new AckEntry(CONVERSATION, 3L))));
        assertThat(((ServerFrame.Error) answered.get(2)).code()).isEqualTo(ErrorCode.BAD_FRAME);
    }

    @Test
    void aFailedRecordingIsAnsweredAndTheNextAcksAreStillRecorded() {
        pushed(1, 2);
        ack(CONVERSATION, 1);
        ack(CONVERSATION, 2);
        answers.get(0).completeExceptionally(new AckRefusedException(ErrorCode.UNAVAILABLE, "try again later"));

        assertThat(((ServerFrame.Error) written.get(0)).code()).isEqualTo(ErrorCode.UNAVAILABLE);
        assertThat(requests).hasSize(2);
        recordAsAsked(1);
        assertThat(written.get(1)).isEqualTo(new ServerFrame.AckOk(List.of(new AckEntry(CONVERSATION, 2L))));
    }
}
