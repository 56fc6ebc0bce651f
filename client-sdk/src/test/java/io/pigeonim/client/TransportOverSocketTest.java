package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import io.pigeonim.client.transport.Transport;
import io.pigeonim.client.transport.UpgradeRefusedException;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;

/**
 * The WebSocket half of each HTTP stack ({@code JdkWebSocketTransport}, {@code OkHttpTransport}) against the stand-in
 * gateway over a real socket: frames leave in call order, the peer's close code and reason reach the listener, a
 * close or abort of the SDK's own is followed by no call, a refused upgrade fails the connect.
 */
class TransportOverSocketTest {

    private final StandInGateway gateway = StandInGateway.withServer();
    private final StandInPigeonServer server = gateway.server();

    @AfterEach
    void stop() throws IOException {
        gateway.close();
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void framesLeaveInTheOrderOfTheCalls(HttpStack stack) throws Exception {
        Events events = new Events();
        Transport.Connection c = open(stack.network().transport(gateway.uri()), "ann/phone", events);
        String conversation = ConversationId.direct("ann", "ben").value();
        for (long id = 1; id <= 200; id++) {
            // the stand-in answers OUT_OF_ORDER to any clientId that is not the next one
            c.send(FrameCodec.encode(new ClientFrame.Send(id, "m-" + id, conversation, "text", "x".repeat((int) id * 40))));
        }
        for (long id = 1; id <= 200; id++) {
            long expected = id;
            assertThat(FrameCodec.decodeServer(events.text()))
                    .isInstanceOfSatisfying(ServerFrame.SendAck.class, a -> assertThat(a.clientId()).isEqualTo(expected));
        }
        assertThat(server.history(conversation)).hasSize(200);
        c.abort();
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void thePeersCloseCodeAndReasonReachTheListenerOnce(HttpStack stack) throws Exception {
        Transport transport = stack.network().transport(gateway.uri());
        Events first = new Events();
        open(transport, "ann/phone", first);

        Transport.Connection again = open(transport, "ann/phone", new Events());

        assertThat(first.closed.poll(10, TimeUnit.SECONDS)).isEqualTo("1000 replaced");
        assertThat(first.closed.poll(300, TimeUnit.MILLISECONDS)).isNull();
        again.abort();
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void afterItsOwnCloseOrAbortTheSdkHearsNothing(HttpStack stack) throws Exception {
        Transport transport = stack.network().transport(gateway.uri());
        Events closing = new Events();
        Transport.Connection c = open(transport, "ann/phone", closing);
        assertAnswersPing(c, closing);
        c.close(1000, "bye");

        Events aborting = new Events();
        open(transport, "ann/laptop", aborting).abort();

        assertThat(closing.closed.poll(500, TimeUnit.MILLISECONDS)).isNull();
        assertThat(aborting.closed.poll(100, TimeUnit.MILLISECONDS)).isNull();
        // the next connection of the same device is served normally
        Events next = new Events();
        Transport.Connection d = open(transport, "ann/phone", next);
        assertAnswersPing(d, next);
        d.abort();
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void aRefusedUpgradeFailsTheConnect(HttpStack stack) {
        // the stand-in refuses anything but /ws with 401, as the gateway refuses a bad token
        Transport transport = stack.network().transport(URI.create(gateway.uri() + "/elsewhere"));
        Events events = new Events();

        assertThatThrownBy(() -> transport.connect("ann/phone", events).get(10, TimeUnit.SECONDS))
                .isInstanceOf(ExecutionException.class).hasStackTraceContaining("401");
        assertThat(events.closed).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(HttpStack.class)
    void aRefusalWithRetryAfterSaysWhenToComeBack(HttpStack stack) {
        gateway.refuseUpgrades(1, 3);
        Transport transport = stack.network().transport(gateway.uri());

        Throwable failure = catchThrowable(() -> transport.connect("ann/phone", new Events()).get(10, TimeUnit.SECONDS));

        assertThat(failure).isInstanceOf(ExecutionException.class).hasCauseInstanceOf(UpgradeRefusedException.class);
        UpgradeRefusedException refused = (UpgradeRefusedException) failure.getCause();
        assertThat(refused.status()).isEqualTo(503);
        assertThat(refused.retryAfter()).isEqualTo(Duration.ofSeconds(3));
    }

    private static Transport.Connection open(Transport transport, String token, Events events) throws Exception {
        return transport.connect(token, events).get(10, TimeUnit.SECONDS);
    }

    private static void assertAnswersPing(Transport.Connection c, Events events) throws InterruptedException {
        c.send(FrameCodec.encode(new ClientFrame.Ping()));
        assertThat(FrameCodec.decodeServer(events.text())).isInstanceOf(ServerFrame.Pong.class);
    }

    /** What a listener was told, in order. */
    private static final class Events implements Transport.Listener {
        final BlockingQueue<String> texts = new LinkedBlockingQueue<>();
        final BlockingQueue<String> closed = new LinkedBlockingQueue<>();

        @Override
        public void onText(String text) {
            texts.add(text);
        }

        @Override
        public void onClosed(int code, String reason) {
            closed.add(code + " " + reason);
        }

        String text() throws InterruptedException {
            String text = texts.poll(10, TimeUnit.SECONDS);
            assertThat(text).as("a frame within 10 s").isNotNull();
            return text;
        }
    }
}
