package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

import io.pigeonim.common.redis.RedisKeys;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.test.context.TestPropertySource;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.TestTrust;

/**
 * A client that stops reading (issue 5): pushes to it must not hold up pushes to anyone else, and it costs
 * at most its send buffer (64 KiB here), after which it is closed as a slow consumer.
 */
@TestPropertySource(properties = {
        "pigeon.connector.ws.send-buffer-bytes=65536",
        "pigeon.connector.ws.send-time-limit=60s"})
class SlowConsumerIT extends ConnectorItSupport {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Autowired
    StringRedisTemplate redis;

    @Test
    void aClientThatStopsReadingHoldsUpNoOneElseAndIsClosedOnceItsBufferIsFull() throws Exception {
        String slow = uid("slow");
        String healthy = uid("healthy");
        String conversation = ConversationId.direct(slow, healthy).value();
        try (Socket stalled = handshakeAndStopReading(slow); TestSocket device = connect(healthy, "d1")) {
            // each request: 100 frames for the stalled client first (delivered frames: outside the in-flight
            // window, so only the buffer bounds them), then one message for the healthy client. 300 requests
            // are ~4 MB for the stalled client, far past its buffer and the socket buffers. A write that
            // blocked (up to the 60 s send time limit) would hold the request up and time it out.
            int requests = 300;
            for (long seq = 1; seq <= requests; seq++) {
                List<PushRequest.Push> pushes = new ArrayList<>();
                for (int i = 0; i < 100; i++) {
                    pushes.add(new PushRequest.Push(List.of(slow),
                            new ServerFrame.Delivered(conversation, seq * 100 + i, healthy + "-" + "y".repeat(40), false)));
                }
                pushes.add(new PushRequest.Push(List.of(healthy), new StoredMessage("msg-" + seq,
                        conversation, seq, slow, "c-" + seq, "text", "hello " + seq, 1_763_800_000_000L).frame()));
                push(new PushRequest(pushes));

                // the healthy client reads and acknowledges as it goes (waiting for ack_ok keeps it inside the
                // in-flight window of 8 that the IT configuration sets)
                long expected = seq;
                ServerFrame.MessageFrame m = next(device, ServerFrame.MessageFrame.class, f -> f.seq() >= expected);
                assertThat(m.seq()).isEqualTo(expected);
                device.send(new ClientFrame.Ack(List.of(new AckEntry(conversation, expected))));
                next(device, ServerFrame.AckOk.class, ok -> ok.acks().contains(new AckEntry(conversation, expected)));
            }

            // the stalled connection was closed as a slow consumer: its route is gone
            await().atMost(Duration.ofSeconds(20))
                    .until(() -> redis.opsForHash().get(RedisKeys.route(slow), "d1") == null);
            assertThat(device.isClosed()).isFalse();
        }
    }

    /**
     * The next frame of {@code type} that matches, skipping others (an earlier message may come again,
     * retransmitted before its ack was recorded; a client drops it).
     */
    private static <T extends ServerFrame> T next(TestSocket device, Class<T> type, Predicate<T> match) {
        while (true) {
            ServerFrame frame = device.poll(Duration.ofSeconds(10));
            assertThat(frame).as("a %s (closed: %s)", type.getSimpleName(), device.isClosed()).isNotNull();
            if (type.isInstance(frame) && match.test(type.cast(frame))) {
                return type.cast(frame);
            }
        }
    }

    /** Opens a WebSocket by hand on a socket with a tiny receive buffer and never reads from it again. */
    private Socket handshakeAndStopReading(String uid) throws IOException {
        Socket socket = new Socket();
        socket.setReceiveBufferSize(4096);
        socket.connect(new java.net.InetSocketAddress("localhost", port));
        OutputStream out = socket.getOutputStream();
        out.write(("GET /ws HTTP/1.1\r\nHost: localhost:" + port + "\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n"
                + identityLines(uid) + "\r\n").getBytes(StandardCharsets.US_ASCII));
        out.flush();
        InputStream in = socket.getInputStream();
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(StandardCharsets.US_ASCII).endsWith("\r\n\r\n")) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed during the handshake: " + head);
            }
            head.write(b);
        }
        assertThat(head.toString(StandardCharsets.US_ASCII)).startsWith("HTTP/1.1 101");
        await().atMost(Duration.ofSeconds(5)).until(() -> redis.opsForHash().get(RedisKeys.route(uid), "d1") != null);
        return socket;
    }

    private static String identityLines(String uid) {
        StringBuilder lines = new StringBuilder();
        TestTrust.identity(uid, "d1", "GET", "/ws").forEach((name, value) -> lines.append(name).append(": ").append(value)
                .append("\r\n"));
        return lines.toString();
    }

    private int push(PushRequest request) throws Exception {
        HttpResponse<String> response = HTTP.send(TestTrust.internalPost(URI.create("http://localhost:" + port
                        + "/internal/v1/push"), PigeonJson.mapper().writeValueAsString(request))
                .timeout(Duration.ofSeconds(5)).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
        return PigeonJson.mapper().readValue(response.body(), io.pigeonim.common.push.PushResponse.class).sessions();
    }
}
