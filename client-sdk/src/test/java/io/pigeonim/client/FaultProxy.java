package io.pigeonim.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A WebSocket proxy between clients and the gateway that drops, delays (and so reorders), duplicates frames and
 * cuts connections at random, from a fixed seed. It speaks RFC 6455 to the client itself (a small server:
 * upgrade, masked frames in, unmasked out) and the JDK's WebSocket client to the gateway, so faults act on whole
 * frames in both directions while the SDK and the server each see an ordinary WebSocket.
 */
public final class FaultProxy implements AutoCloseable {

    /** What goes wrong, per frame and per connection. */
    public record Faults(double drop, double duplicate, double delay, Duration maxDelay, Duration meanCut) {

        /** Nothing goes wrong. */
        public static Faults none() {
            return new Faults(0, 0, 0, Duration.ZERO, null);
        }
    }

    private static final String GUID = "258EAFA5-E914-47DA-95CA-C5AB0DC85B11";

    private final URI upstream;
    private final Faults faults;
    private final long seed;
    private final ServerSocket server;
    private final HttpClient http = HttpClient.newHttpClient();
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> daemon(r, "fault-proxy-timer"));
    private final AtomicInteger connections = new AtomicInteger();
    private final Map<String, AtomicLong> counts = new HashMap<>();
    private volatile boolean closed;

    /** Listens on a free local port and forwards to {@code gateway}'s {@code /ws}. */
    public FaultProxy(URI gateway, Faults faults, long seed) throws IOException {
        this.upstream = URI.create(gateway.toString().replaceFirst("^http", "ws").replaceFirst("/$", ""));
        this.faults = faults;
        this.seed = seed;
        for (String c : new String[] {"frames", "dropped", "duplicated", "delayed", "cuts"}) {
            counts.put(c, new AtomicLong());
        }
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        daemon(this::accept, "fault-proxy-accept").start();
    }

    /** The proxy's base URL, to give a client instead of the gateway's for its WebSocket. */
    public URI uri() {
        return URI.create("http://127.0.0.1:" + server.getLocalPort());
    }

    /** How many frames passed, were dropped, duplicated, delayed, and how many connections were cut. */
    public Map<String, Long> counts() {
        Map<String, Long> snapshot = new HashMap<>();
        counts.forEach((k, v) -> snapshot.put(k, v.get()));
        return snapshot;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        server.close();
        timers.shutdownNow();
    }

    private void accept() {
        while (!closed) {
            try {
                Socket client = server.accept();
                int n = connections.incrementAndGet();
                daemon(() -> new Link(client, new Random(seed * 31 + n)).run(), "fault-proxy-" + n).start();
            } catch (IOException e) {
                if (!closed) {
                    System.err.println("fault proxy: accept failed: " + e);
                }
            }
        }
    }

    /** One client connection and its upstream twin. */
    private final class Link implements WebSocket.Listener {
        private final Socket client;
        private final Random random;
        private OutputStream out;
        private WebSocket up;
        private CompletableFuture<?> upChain = CompletableFuture.completedFuture(null);
        private final StringBuilder partial = new StringBuilder();
        private volatile boolean cut;

        Link(Socket client, Random random) {
            this.client = client;
            this.random = random;
        }

        void run() {
            try (client) {
                client.setTcpNoDelay(true);
                DataInputStream in = new DataInputStream(new BufferedInputStream(client.getInputStream()));
                out = client.getOutputStream();
                String[] request = readRequest(in);
                try {
                    up = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                            .buildAsync(URI.create(upstream + request[0]), this).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    int status = e.getCause() instanceof java.net.http.WebSocketHandshakeException h ? h.getResponse().statusCode() : 502;
                    out.write(("HTTP/1.1 " + status + " Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
                            .getBytes(StandardCharsets.US_ASCII));
                    return;
                }
                out.write(("HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                        + "Sec-WebSocket-Accept: " + accept(request[1]) + "\r\n\r\n").getBytes(StandardCharsets.US_ASCII));
                out.flush();
                if (faults.meanCut() != null) {
                    long after = (long) (-Math.log(1 - random.nextDouble()) * faults.meanCut().toMillis());
                    timers.schedule(this::cut, Math.max(200, after), TimeUnit.MILLISECONDS);
                }
                readClientFrames(in);
            } catch (IOException e) {
                // the client went away or was cut
            } finally {
                if (up != null) {
                    up.abort();
                }
            }
        }

        private void readClientFrames(DataInputStream in) throws IOException {
            ByteArrayOutputStream message = new ByteArrayOutputStream();
            while (!cut) {
                int b0 = in.readUnsignedByte();
                int b1 = in.readUnsignedByte();
                int opcode = b0 & 0x0f;
                long length = b1 & 0x7f;
                if (length == 126) {
                    length = in.readUnsignedShort();
                } else if (length == 127) {
                    length = in.readLong();
                }
                byte[] mask = new byte[4];
                if ((b1 & 0x80) != 0) {
                    in.readFully(mask);
                }
                byte[] payload = new byte[(int) length];
                in.readFully(payload);
                for (int i = 0; i < payload.length; i++) {
                    payload[i] ^= mask[i % 4];
                }
                if (opcode == 0x8) {
                    int code = payload.length >= 2 ? ((payload[0] & 0xff) << 8) | (payload[1] & 0xff) : 1000;
                    String reason = payload.length > 2 ? new String(payload, 2, payload.length - 2, StandardCharsets.UTF_8) : "";
                    synchronized (this) {
                        upChain = upChain.thenCompose(x -> up.sendClose(code, reason));
                    }
                    writeFrame(0x8, payload);
                    return;
                } else if (opcode == 0x9) {
                    writeFrame(0xA, payload);
                } else if (opcode == 0x1 || opcode == 0x0) {
                    message.write(payload);
                    if ((b0 & 0x80) != 0) {
                        String text = message.toString(StandardCharsets.UTF_8);
                        message.reset();
                        withFaults(() -> toServer(text));
                    }
                }
            }
        }

        private synchronized void toServer(String text) {
            if (!cut) {
                upChain = upChain.thenCompose(x -> up.sendText(text, true)).exceptionally(e -> null);
            }
        }

        private void toClient(String text) {
            try {
                writeFrame(0x1, text.getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                cut();
            }
        }

        private void withFaults(Runnable forward) {
            count("frames");
            double r;
            boolean twice;
            long delay;
            synchronized (random) {
                r = random.nextDouble();
                twice = random.nextDouble() < faults.duplicate();
                delay = random.nextDouble() < faults.delay() ? 1 + random.nextInt((int) Math.max(1, faults.maxDelay().toMillis())) : 0;
            }
            if (r < faults.drop()) {
                count("dropped");
                return;
            }
            int copies = twice ? 2 : 1;
            if (twice) {
                count("duplicated");
            }
            for (int i = 0; i < copies; i++) {
                if (delay > 0) {
                    count("delayed");
                    timers.schedule(forward, delay, TimeUnit.MILLISECONDS);
                } else {
                    forward.run();
                }
            }
        }

        private synchronized void writeFrame(int opcode, byte[] payload) throws IOException {
            if (cut) {
                return;
            }
            ByteArrayOutputStream frame = new ByteArrayOutputStream(payload.length + 10);
            frame.write(0x80 | opcode);
            if (payload.length < 126) {
                frame.write(payload.length);
            } else if (payload.length < 65536) {
                frame.write(126);
                frame.write(payload.length >>> 8);
                frame.write(payload.length & 0xff);
            } else {
                frame.write(127);
                for (int i = 7; i >= 0; i--) {
                    frame.write((int) ((long) payload.length >>> (8 * i)) & 0xff);
                }
            }
            frame.write(payload);
            out.write(frame.toByteArray());
            out.flush();
        }

        /** Both sides lose the connection at once, without a close frame. */
        private void cut() {
            if (cut) {
                return;
            }
            cut = true;
            count("cuts");
            if (up != null) {
                up.abort();
            }
            try {
                client.close();
            } catch (IOException ignored) {
                // already gone
            }
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                withFaults(() -> toClient(text));
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            byte[] r = reason.getBytes(StandardCharsets.UTF_8);
            byte[] payload = new byte[2 + r.length];
            payload[0] = (byte) (statusCode >>> 8);
            payload[1] = (byte) statusCode;
            System.arraycopy(r, 0, payload, 2, r.length);
            try {
                writeFrame(0x8, payload);
                client.close();
            } catch (IOException ignored) {
                // the client is gone too
            }
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            cut();
        }
    }

    /** The request's path and query, and its Sec-WebSocket-Key. */
    private static String[] readRequest(InputStream in) throws IOException {
        String requestLine = line(in);
        String key = null;
        for (String header = line(in); !header.isEmpty(); header = line(in)) {
            int colon = header.indexOf(':');
            if (colon > 0 && header.substring(0, colon).trim().equalsIgnoreCase("Sec-WebSocket-Key")) {
                key = header.substring(colon + 1).trim();
            }
        }
        String[] parts = requestLine.split(" ");
        if (parts.length < 2 || key == null) {
            throw new IOException("not a WebSocket upgrade: " + requestLine);
        }
        return new String[] {parts[1], key};
    }

    private static String line(InputStream in) throws IOException {
        StringBuilder s = new StringBuilder();
        for (int c = in.read(); c != '\n'; c = in.read()) {
            if (c < 0) {
                throw new IOException("connection closed in the request");
            }
            if (c != '\r') {
                s.append((char) c);
            }
        }
        return s.toString();
    }

    private static String accept(String key) {
        try {
            byte[] sha1 = MessageDigest.getInstance("SHA-1").digest((key + GUID).getBytes(StandardCharsets.US_ASCII));
            return Base64.getEncoder().encodeToString(sha1);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private void count(String what) {
        counts.get(what).incrementAndGet();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }
}
