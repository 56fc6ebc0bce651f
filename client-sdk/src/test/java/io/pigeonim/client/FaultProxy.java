package io.pigeonim.client;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.time.Duration;
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
        private final Socket socket;
        private final Random random;
        private ServerWebSocket client;
        private WebSocket up;
        private CompletableFuture<?> upChain = CompletableFuture.completedFuture(null);
        private final StringBuilder partial = new StringBuilder();
        private volatile boolean cut;

        Link(Socket socket, Random random) {
            this.socket = socket;
            this.random = random;
        }

        void run() {
            try {
                client = ServerWebSocket.accept(socket);
                try {
                    up = http.newWebSocketBuilder().connectTimeout(Duration.ofSeconds(5))
                            .buildAsync(URI.create(upstream + client.path()), this).get(10, TimeUnit.SECONDS);
                } catch (Exception e) {
                    client.refuse(e.getCause() instanceof WebSocketHandshakeException h ? h.getResponse().statusCode() : 502);
                    return;
                }
                client.open();
            } catch (IOException e) {
                try {
                    socket.close();
                } catch (IOException ignored) {
                    // gone
                }
                return;
            }
            if (faults.meanCut() != null) {
                long after = (long) (-Math.log(1 - random.nextDouble()) * faults.meanCut().toMillis());
                timers.schedule(this::cut, Math.max(200, after), TimeUnit.MILLISECONDS);
            }
            client.read(new ServerWebSocket.Handler() {
                @Override
                public void onText(String text) {
                    withFaults(() -> toServer(text));
                }

                @Override
                public void onClose(int code, String reason) {
                    synchronized (Link.this) {
                        upChain = upChain.thenCompose(x -> up.sendClose(code == 1006 ? 1000 : code, reason))
                                .whenComplete((ok, e) -> up.abort());
                    }
                }
            });
        }

        private synchronized void toServer(String text) {
            if (!cut) {
                upChain = upChain.thenCompose(x -> up.sendText(text, true)).exceptionally(e -> null);
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
            client.abort();
        }

        @Override
        public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
            partial.append(data);
            if (last) {
                String text = partial.toString();
                partial.setLength(0);
                withFaults(() -> {
                    if (!cut) {
                        client.sendText(text);
                    }
                });
            }
            webSocket.request(1);
            return null;
        }

        @Override
        public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
            client.sendClose(statusCode, reason);
            return null;
        }

        @Override
        public void onError(WebSocket webSocket, Throwable error) {
            cut();
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
