package io.pigeonim.bench.baseline;

import static java.nio.charset.StandardCharsets.ISO_8859_1;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.websocket.CloseReason;
import jakarta.websocket.Endpoint;
import jakarta.websocket.EndpointConfig;
import jakarta.websocket.MessageHandler;
import jakarta.websocket.RemoteEndpoint;
import jakarta.websocket.Session;
import jakarta.websocket.server.ServerEndpointConfig;

import org.apache.catalina.startup.Tomcat;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.testsupport.NioLoadSocket;
import io.pigeonim.testsupport.NioSockets;
import io.pigeonim.testsupport.UpgradeRefusedException;

/**
 * {@link NioLoadSocket} against real servers: the echo baseline's Tomcat (its {@code /echo}, a {@code /script}
 * endpoint that sends what it is told to, a {@code /refuse} path that answers 503), and a socket the test speaks
 * raw WebSocket on, for the framing Tomcat does not choose to send (16- and 64-bit lengths split over reads, server
 * pings, binary frames, a ping between two fragments).
 */
class NioLoadSocketTest {

    private static final String PING = FrameCodec.encode(new ClientFrame.Ping());
    private static final String PONG = FrameCodec.encode(new ServerFrame.Pong());

    private static EchoServer tomcat;
    private static NioSockets sockets;

    @BeforeAll
    static void start() throws Exception {
        tomcat = new EchoServer(context -> {
            Tomcat.addServlet(context, "refuse", new HttpServlet() {
                private static final long serialVersionUID = 1L;

                @Override
                protected void service(HttpServletRequest request, HttpServletResponse response) {
                    response.setStatus(503);
                    response.setHeader("Retry-After", "3");
                }
            });
            context.addServletMappingDecoded("/refuse", "refuse");
        }, List.of(ServerEndpointConfig.Builder.create(Script.class, "/script").build()));
        sockets = new NioSockets(2);
    }

    @AfterAll
    static void stop() throws Exception {
        sockets.close();
        tomcat.close();
    }

    /**
     * Answers {@code ping} with {@code pong}; {@code big N}: a frame whose {@code by} is N characters (Tomcat sends
     * it in 8 KiB fragments); {@code parts}: one frame sent in three parts; {@code close}: closes with 4001.
     */
    public static final class Script extends Endpoint {
        @Override
        public void onOpen(Session session, EndpointConfig config) {
            session.addMessageHandler(String.class, (MessageHandler.Whole<String>) text -> {
                RemoteEndpoint.Basic remote = session.getBasicRemote();
                try {
                    if (PING.equals(text)) {
                        remote.sendText(PONG);
                    } else if (text.startsWith("big ")) {
                        remote.sendText(delivered(1, "b".repeat(Integer.parseInt(text.substring(4)))));
                    } else if (text.equals("parts")) {
                        String frame = delivered(2, "parts");
                        remote.sendText(frame.substring(0, 5), false);
                        remote.sendText(frame.substring(5, 20), false);
                        remote.sendText(frame.substring(20), true);
                    } else if (text.equals("close")) {
                        session.close(new CloseReason(CloseReason.CloseCodes.getCloseCode(4001), "bye"));
                    }
                } catch (IOException e) {
                    // the client went away
                }
            });
        }
    }

    private static String delivered(long seq, String by) {
        return FrameCodec.encode(new ServerFrame.Delivered("c1", seq, by, false));
    }

    /** What a socket's owner is told, kept for the test. */
    private static final class Recorder implements LoadSocket.Frames {
        final BlockingQueue<ServerFrame> frames = new LinkedBlockingQueue<>();
        final List<Integer> closes = new CopyOnWriteArrayList<>();
        final CompletableFuture<String> closed = new CompletableFuture<>();

        @Override
        public void received(ServerFrame frame, long nanos) {
            frames.add(frame);
        }

        @Override
        public void closed(int code, String reason) {
            closes.add(code);
            closed.complete(code + " " + reason);
        }

        ServerFrame next() throws InterruptedException {
            ServerFrame frame = frames.poll(10, TimeUnit.SECONDS);
            assertThat(frame).as("a frame within 10 s").isNotNull();
            return frame;
        }
    }

    private static URI tomcat(String path) {
        return URI.create("ws://127.0.0.1:" + tomcat.port() + path);
    }

    @Test
    void connectsOnItsFirstPongAndSendsManyFramesInCallOrder() throws Exception {
        Recorder recorder = new Recorder();
        NioLoadSocket socket = sockets.connect(tomcat("/echo?token=t1"), recorder).get(10, TimeUnit.SECONDS);
        // 20,000 frames, some 1.6 MB: more than the kernel takes at once, so some wait for OP_WRITE
        int n = 20_000;
        for (int i = 0; i < n; i++) {
            socket.send(delivered(i, "d"));
        }
        for (int i = 0; i < n; i++) {
            // the connect's pong is not the owner's: the first frame is the first echo
            assertThat(recorder.next()).isEqualTo(new ServerFrame.Delivered("c1", i, "d", false));
        }
        assertThat(socket.ping().get(10, TimeUnit.SECONDS)).isPositive();
        assertThat(recorder.frames).isEmpty();
        socket.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void gathersMessagesTomcatSendsInFragments() throws Exception {
        Recorder recorder = new Recorder();
        NioLoadSocket socket = sockets.connect(tomcat("/script"), recorder).get(10, TimeUnit.SECONDS);

        socket.send("big 100000");
        socket.send("parts");

        assertThat(recorder.next()).isEqualTo(new ServerFrame.Delivered("c1", 1, "b".repeat(100_000), false));
        assertThat(recorder.next()).isEqualTo(new ServerFrame.Delivered("c1", 2, "parts", false));
        socket.close().get(10, TimeUnit.SECONDS);
    }

    @Test
    void aRefusedUpgradeCarriesItsStatusAndRetryAfter() {
        Throwable refused = catchThrowable(() -> sockets.connect(tomcat("/refuse?token=secret"), new Recorder())
                .get(10, TimeUnit.SECONDS));

        assertThat(refused).isInstanceOf(ExecutionException.class);
        assertThat(refused.getCause()).isInstanceOfSatisfying(UpgradeRefusedException.class, e -> {
            assertThat(e.status()).isEqualTo(503);
            assertThat(e.retryAfter()).isEqualTo("3");
            assertThat(e.getMessage()).doesNotContain("secret");
        });
    }

    @Test
    void aPortWithoutServerFailsWithAnIOException() throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        Throwable dead = catchThrowable(() -> sockets.connect(URI.create("ws://127.0.0.1:" + port + "/ws"),
                new Recorder()).get(10, TimeUnit.SECONDS));

        assertThat(dead).isInstanceOf(ExecutionException.class).cause().isInstanceOf(IOException.class);
    }

    @Test
    void theServersCloseIsToldOnceWithItsCode() throws Exception {
        Recorder recorder = new Recorder();
        NioLoadSocket socket = sockets.connect(tomcat("/script"), recorder).get(10, TimeUnit.SECONDS);

        socket.send("close");

        assertThat(recorder.closed.get(10, TimeUnit.SECONDS)).isEqualTo("4001 bye");
        assertThat(socket.isClosed()).isTrue();
        socket.close().get(1, TimeUnit.SECONDS);
        socket.send(PING);
        TimeUnit.MILLISECONDS.sleep(200);
        assertThat(recorder.closes).containsExactly(4001);
    }

    @Test
    void closeCompletesWhenTheServerAnswersIt() throws Exception {
        Recorder recorder = new Recorder();
        NioLoadSocket socket = sockets.connect(tomcat("/echo"), recorder).get(10, TimeUnit.SECONDS);
        long start = System.nanoTime();

        socket.close().get(10, TimeUnit.SECONDS);

        assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms, well under the 5 s abort")
                .isLessThan(3_000);
        assertThat(socket.isClosed()).isTrue();
        assertThat(recorder.closes).containsExactly(1000);
    }

    @Test
    void twoThousandSocketsOpenOnOneGroupOfTwoThreads() throws Exception {
        List<CompletableFuture<NioLoadSocket>> opening = new ArrayList<>();
        Recorder recorder = new Recorder();
        long start = System.nanoTime();
        for (int i = 0; i < 2_000; i++) {
            opening.add(sockets.connect(tomcat("/echo?token=t" + i), recorder));
        }
        List<NioLoadSocket> open = new ArrayList<>();
        for (CompletableFuture<NioLoadSocket> s : opening) {
            open.add(s.get(60, TimeUnit.SECONDS));
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        List<CompletableFuture<Long>> pings = open.stream().map(NioLoadSocket::ping).toList();
        for (CompletableFuture<Long> ping : pings) {
            ping.get(30, TimeUnit.SECONDS);
        }
        System.out.printf("2,000 sockets open in %.2f s (%.0f/s)%n", seconds, 2_000 / seconds);
        CompletableFuture.allOf(open.stream().map(NioLoadSocket::close).toArray(CompletableFuture[]::new))
                .get(30, TimeUnit.SECONDS);
        assertThat(recorder.closes).hasSize(2_000).containsOnly(1000);
        assertThat(recorder.frames).isEmpty();
    }

    @Test
    void handlesTheFramingTomcatDoesNotSend() throws Exception {
        long undecodable = LoadSocket.UNDECODABLE.get();
        Recorder recorder = new Recorder();
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            CompletableFuture<NioLoadSocket> connecting = sockets.connect(
                    URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/raw?token=t"),
                    Map.of("X-Pigeon-Device", "d1"), recorder);
            try (Socket raw = server.accept()) {
                raw.setSoTimeout(10_000);
                raw.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(raw.getInputStream());
                OutputStream out = raw.getOutputStream();
                // the answer and the frames after it come in small pieces: every parse waits for the rest
                String request = upgrade(in, out, 7);
                assertThat(request).startsWith("GET /raw?token=t HTTP/1.1\r\n")
                        .contains("\r\nHost: 127.0.0.1:" + server.getLocalPort() + "\r\n", "\r\nUpgrade: websocket\r\n",
                                "\r\nSec-WebSocket-Version: 13\r\n", "\r\nX-Pigeon-Device: d1\r\n");

                out.write(serverFrame(0x89, "hi".getBytes(UTF_8)));
                assertThat(clientFrame(in, 0xA)).as("the pong of a server ping, its payload").isEqualTo("hi");
                slowly(out, serverFrame(0x81, PONG.getBytes(UTF_8)), 1);
                NioLoadSocket socket = connecting.get(10, TimeUnit.SECONDS);

                String medium = delivered(3, "m".repeat(300));
                String large = delivered(4, "l".repeat(70_000));
                slowly(out, serverFrame(0x81, medium.getBytes(UTF_8)), 100);
                slowly(out, serverFrame(0x81, large.getBytes(UTF_8)), 4_000);
                out.write(serverFrame(0x82, new byte[] {1, 2, 3}));
                String parted = delivered(5, "é parted");
                byte[] bytes = parted.getBytes(UTF_8);
                // split inside the two bytes of 'é', a ping between the fragments
                int cut = parted.indexOf('é') + 1;
                out.write(serverFrame(0x01, java.util.Arrays.copyOfRange(bytes, 0, cut)));
                out.write(serverFrame(0x89, "x".getBytes(UTF_8)));
                out.write(serverFrame(0x80, java.util.Arrays.copyOfRange(bytes, cut, bytes.length)));
                out.flush();

                assertThat(recorder.next()).isEqualTo(FrameCodec.decodeServer(medium));
                assertThat(recorder.next()).isEqualTo(FrameCodec.decodeServer(large));
                assertThat(clientFrame(in, 0xA)).isEqualTo("x");
                assertThat(recorder.next()).isEqualTo(FrameCodec.decodeServer(parted));
                assertThat(LoadSocket.UNDECODABLE.get() - undecodable).as("the binary frame").isEqualTo(1);
                socket.send(large);
                assertThat(clientFrame(in, 0x1)).as("a 64-bit length, masked").isEqualTo(large);
            }
            // the TCP connection ends without a close frame
            assertThat(recorder.closed.get(10, TimeUnit.SECONDS)).startsWith("-1 ");
            assertThat(recorder.closes).containsExactly(-1);
        }
    }

    @Test
    void sendsTheKernelCannotTakeWaitInCallOrderWithoutBlockingTheCaller() throws Exception {
        try (ServerSocket server = new ServerSocket()) {
            // a receive buffer of its own: the kernel's autotuning would take megabytes
            server.setReceiveBufferSize(4096);
            server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 1);
            CompletableFuture<NioLoadSocket> connecting = sockets.connect(
                    URI.create("ws://127.0.0.1:" + server.getLocalPort() + "/raw"), new Recorder());
            try (Socket raw = server.accept()) {
                raw.setSoTimeout(10_000);
                DataInputStream in = new DataInputStream(raw.getInputStream());
                OutputStream out = raw.getOutputStream();
                upgrade(in, out, 1_000);
                out.write(serverFrame(0x81, PONG.getBytes(UTF_8)));
                NioLoadSocket socket = connecting.get(10, TimeUnit.SECONDS);
                String filler = "f".repeat(2_000);
                long start = System.nanoTime();

                // 10 MB while nobody reads: more than both ends' kernel buffers hold (4 MB at most here)
                for (int i = 0; i < 5_000; i++) {
                    socket.send(delivered(i, filler));
                }

                assertThat(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start)).as("ms the sends took")
                        .isLessThan(5_000);
                for (int i = 0; i < 5_000; i++) {
                    assertThat(clientFrame(in, 0x1)).isEqualTo(delivered(i, filler));
                }
            }
        }
    }

    /**
     * Reads the upgrade request and answers it 101 in pieces of {@code piece} bytes; reads the first ping (the
     * pong is the caller's). Returns the request.
     */
    private static String upgrade(DataInputStream in, OutputStream out, int piece) throws Exception {
        String request = headers(in);
        Matcher key = Pattern.compile("\r\nSec-WebSocket-Key: (\\S+)\r\n").matcher(request);
        assertThat(key.find()).isTrue();
        slowly(out, ("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Accept: " + accept(key.group(1)) + "\r\n\r\n").getBytes(ISO_8859_1), piece);
        assertThat(clientFrame(in, 0x1)).isEqualTo(PING);
        return request;
    }

    private static String accept(String key) throws Exception {
        return Base64.getEncoder().encodeToString(MessageDigest.getInstance("SHA-1")
                .digest((key + "258EAFA5-E914-47DA-95CA-C5AB0DC85B11").getBytes(ISO_8859_1)));
    }

    private static String headers(DataInputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        while (!head.toString(ISO_8859_1).endsWith("\r\n\r\n")) {
            head.write(in.readUnsignedByte());
        }
        return head.toString(ISO_8859_1);
    }

    /** An unmasked server frame: {@code first} is FIN and the opcode. */
    private static byte[] serverFrame(int first, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(first);
        if (payload.length < 126) {
            f.write(payload.length);
        } else if (payload.length < 65536) {
            f.write(126);
            f.write(payload.length >>> 8);
            f.write(payload.length);
        } else {
            f.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) payload.length >>> shift));
            }
        }
        f.writeBytes(payload);
        return f.toByteArray();
    }

    /** Reads one client frame, which must be final, of {@code opcode} and masked; its payload as UTF-8. */
    private static String clientFrame(DataInputStream in, int opcode) throws IOException {
        int first = in.readUnsignedByte();
        assertThat(first).as("FIN and opcode").isEqualTo(0x80 | opcode);
        int second = in.readUnsignedByte();
        assertThat(second & 0x80).as("the mask bit").isEqualTo(0x80);
        long length = second & 0x7f;
        if (length == 126) {
            length = in.readUnsignedShort();
        } else if (length == 127) {
            length = in.readLong();
        }
        byte[] mask = in.readNBytes(4);
        byte[] payload = in.readNBytes((int) length);
        for (int i = 0; i < payload.length; i++) {
            payload[i] ^= mask[i & 3];
        }
        return new String(payload, UTF_8);
    }

    /** Writes {@code bytes} in pieces of {@code piece}, each on its own, so that the client reads them apart. */
    private static void slowly(OutputStream out, byte[] bytes, int piece) throws Exception {
        for (int at = 0; at < bytes.length; at += piece) {
            out.write(bytes, at, Math.min(piece, bytes.length - at));
            out.flush();
            TimeUnit.MILLISECONDS.sleep(2);
        }
    }
}
