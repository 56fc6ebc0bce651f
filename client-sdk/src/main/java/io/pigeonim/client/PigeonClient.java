package io.pigeonim.client;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;
import java.util.Map;
import java.util.Objects;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;

import io.pigeonim.client.store.ClientState;
import io.pigeonim.client.store.ClientStore;
import io.pigeonim.client.store.InMemoryClientStore;
import io.pigeonim.client.transport.DevTokens;
import io.pigeonim.client.transport.JdkNetwork;
import io.pigeonim.client.transport.Network;
import io.pigeonim.client.transport.ServerApi;
import io.pigeonim.client.transport.Transport;
import io.pigeonim.common.id.Ids;

/**
 * A Pigeon device: sends with a reliable queue, receives every message once and in order, reconnects and syncs
 * by itself. Thread-safe: every method may be called from any thread; the work happens on one event thread per
 * client, which also calls the {@link PigeonListener}.
 */
public final class PigeonClient implements AutoCloseable {

    private final ScheduledExecutorService loop;
    private final ExecutorService io;
    private final Session session;

    private PigeonClient(Builder b) {
        String name = "pigeon-client-" + b.uid + "/" + b.deviceId;
        this.loop = Executors.newSingleThreadScheduledExecutor(r -> daemon(r, name));
        this.io = Executors.newCachedThreadPool(r -> daemon(r, name + "-io"));
        // the JDK's stack only when something is left to it: on Android (no java.net.http) the app passes OkHttp
        Network network = b.network != null || (b.transport != null && b.api != null && b.tokens != null) ? b.network
                : JdkNetwork.withDefaults();
        Transport transport = b.transport != null ? b.transport : network.transport(b.gateway);
        ServerApi api = b.api != null ? b.api : network.api(b.gateway);
        Supplier<String> tokens = b.tokens != null ? b.tokens : devTokens(network, b);
        this.session = new Session(new SessionParts(b.uid, b.options, b.clock, loop, io, transport, api, tokens,
                b.listener, b.store, b.seed == null ? new Random() : new Random(b.seed)));
        ClientState state = b.store.load();
        call(() -> {
            session.inbox.restore(state);
            session.outbox.restore(state.pendingSends());
            session.start();
            return null;
        }).join();
    }

    /** A client for device {@code deviceId} of user {@code uid}, talking to the gateway at {@code gateway}. */
    public static Builder builder(URI gateway, String uid, String deviceId) {
        return new Builder(gateway, uid, deviceId);
    }

    /**
     * Queues a message; the future completes when the server stored it ({@code SENT}: it will be delivered), or
     * exceptionally with {@link SendFailedException} when it will not be. Sending the same clientMsgId again
     * while it is queued answers the same future. The send is in the store before this returns.
     */
    public CompletableFuture<SendResult> send(OutgoingMessage message) {
        Objects.requireNonNull(message, "message");
        return call(() -> session.outbox.submit(message)).thenCompose(f -> f);
    }

    /** The seq up to which every message of the conversation was handed to the app (0 if none). */
    public long cursor(String conversationId) {
        return call(() -> session.inbox.cursor(conversationId)).join();
    }

    /** Every conversation's cursor. */
    public Map<String, Long> cursors() {
        return call(() -> Map.copyOf(session.inbox.cursors())).join();
    }

    /** Sends not yet confirmed by the server. */
    public int unconfirmedSends() {
        return call(session.outbox::unconfirmed).join();
    }

    @Override
    public String toString() {
        return loop.isShutdown() ? "PigeonClient(closed)" : "PigeonClient(" + call(session::describe).join() + ")";
    }

    /** Closes the connection and stops; unconfirmed sends stay in the store for the next start. */
    @Override
    public void close() {
        if (loop.isShutdown()) {
            return;
        }
        call(() -> {
            session.stop();
            return null;
        }).join();
        loop.shutdown();
        io.shutdown();
        try {
            loop.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private <T> CompletableFuture<T> call(Supplier<T> task) {
        return CompletableFuture.supplyAsync(task, loop);
    }

    private static Supplier<String> devTokens(Network network, Builder b) {
        DevTokens dev = network.devTokens(b.gateway);
        return () -> dev.token(b.uid, b.deviceId);
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /** Builds a {@link PigeonClient}; only the gateway, uid and deviceId are required. */
    public static final class Builder {
        private final URI gateway;
        private final String uid;
        private final String deviceId;
        private Supplier<String> tokens;
        private PigeonListener listener = new PigeonListener() { };
        private ClientStore store = new InMemoryClientStore();
        private ClientOptions options = ClientOptions.defaults();
        private Clock clock = Clock.systemUTC();
        private Network network;
        private Transport transport;
        private ServerApi api;
        private Long seed;

        private Builder(URI gateway, String uid, String deviceId) {
            this.gateway = Objects.requireNonNull(gateway, "gateway");
            this.uid = Ids.requireUid(uid, "uid");
            this.deviceId = Ids.requireDeviceId(deviceId, "deviceId");
        }

        /** Where JWTs come from; asked on every connect (tokens expire). Default: development tokens. */
        public Builder tokens(Supplier<String> tokens) {
            this.tokens = Objects.requireNonNull(tokens, "tokens");
            return this;
        }

        public Builder listener(PigeonListener listener) {
            this.listener = Objects.requireNonNull(listener, "listener");
            return this;
        }

        /** The persistence hook; default in memory (nothing survives the process). */
        public Builder store(ClientStore store) {
            this.store = Objects.requireNonNull(store, "store");
            return this;
        }

        public Builder options(ClientOptions options) {
            this.options = Objects.requireNonNull(options, "options");
            return this;
        }

        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * The HTTP stack for the WebSocket, the REST calls and dev tokens: {@code new OkHttpNetwork(okHttpClient)}
         * on Android; default {@link JdkNetwork} ({@code java.net.http}). {@link #transport} and {@link #api}, when
         * given, take precedence for their part.
         */
        public Builder network(Network network) {
            this.network = Objects.requireNonNull(network, "network");
            return this;
        }

        /** Shorthand for {@code network(new JdkNetwork(http))}: the JDK's stack on the app's own client. */
        public Builder http(HttpClient http) {
            return network(new JdkNetwork(http));
        }

        /** The WebSocket transport; default the network's. */
        public Builder transport(Transport transport) {
            this.transport = Objects.requireNonNull(transport, "transport");
            return this;
        }

        /** The REST calls; default the network's, through the gateway. */
        public Builder api(ServerApi api) {
            this.api = Objects.requireNonNull(api, "api");
            return this;
        }

        /** A fixed seed for the reconnect jitter (tests). */
        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        /** Builds the client and starts connecting. */
        public PigeonClient start() {
            return new PigeonClient(this);
        }
    }
}
