package io.pigeonim.client;

import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import java.util.logging.Level;
import java.util.logging.Logger;

import io.pigeonim.client.transport.ServerApi;
import io.pigeonim.client.transport.Transport;
import io.pigeonim.client.transport.UpgradeRefusedException;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/**
 * One device's link to the server, on the SDK's event thread: connects with backoff, waits for the first pong,
 * runs the paged sync while live pushes are held back, then goes live; routes frames to the outbox, inbox and
 * ack batcher; pings, notices a dead connection, and checks /sync/summary when quiet (tail loss).
 *
 * @implNote Every transport callback is tagged with the connection's generation and dropped if stale, so an old
 *     connection's late frame can never touch the state of a new one.
 */
final class Session {

    private static final Logger LOG = Logger.getLogger(Session.class.getName());

    private enum Phase { DOWN, OPENING, AWAITING_PONG, SYNCING, ONLINE, STOPPED }

    private final ClientOptions options;
    private final Clock clock;
    private final ScheduledExecutorService loop;
    private final Executor io;
    private final Transport transport;
    private final LoopApi rest;
    private final Supplier<String> tokens;
    private final PigeonListener listener;
    private final Backoff backoff;
    final Outbox outbox;
    final Inbox inbox;
    final AckBatcher acks;
    final DeliveryTracker delivery;
    private final String uid;
    private final List<ServerFrame.MessageFrame> held = new ArrayList<>();
    private Phase phase = Phase.DOWN;
    private ConnectionState reported;
    private int generation;
    private Transport.Connection connection;
    private final Liveness liveness;

    Session(SessionParts parts) {
        this.options = parts.options();
        this.clock = parts.clock();
        this.loop = parts.loop();
        this.io = parts.io();
        this.transport = parts.transport();
        this.tokens = parts.tokens();
        this.listener = parts.listener();
        this.uid = parts.uid();
        this.liveness = new Liveness(options);
        this.backoff = new Backoff(options.reconnectMin(), options.reconnectMax(), parts.random());
        this.delivery = new DeliveryTracker(uid, 10_000, this::sendUpdate);
        this.outbox = new Outbox(options, clock, parts.store(), this::sendUpdate, delivery,
                () -> restart("the server's clientIds and ours disagree"));
        this.acks = new AckBatcher(options, this::inboxCursor);
        this.rest = new LoopApi(parts.api(), loop, () -> phase == Phase.STOPPED, options.historyPageSize());
        this.inbox = new Inbox(options, clock, parts.store(), rest, acks, this::show, this::later);
    }

    private long inboxCursor(String conversationId) {
        return inbox.cursor(conversationId);
    }

    void start() {
        connect();
        loop.scheduleWithFixedDelay(this::tick, 50, 50, TimeUnit.MILLISECONDS);
    }

    void stop() {
        phase = Phase.STOPPED;
        generation++;
        outbox.close();
        if (connection != null) {
            connection.close(1000, "bye");
            connection = null;
        }
        report(ConnectionState.CLOSED);
    }

    /** For logs and debugging: the phase, the sends waiting and the conversations being filled. */
    String describe() {
        return phase + ", " + outbox.unconfirmed() + " sends unconfirmed, " + held.size() + " pushes held, "
                + inbox.describe();
    }

    private void connect() {
        if (phase == Phase.STOPPED) {
            return;
        }
        phase = Phase.OPENING;
        report(ConnectionState.CONNECTING);
        int gen = ++generation;
        CompletableFuture.supplyAsync(tokens, io)
                .thenCompose(t -> {
                    loop.execute(() -> rest.token(t));
                    return transport.connect(t, new Transport.Listener() {
                        @Override
                        public void onText(String text) {
                            loop.execute(() -> {
                                if (gen == generation) {
                                    frame(text);
                                }
                            });
                        }

                        @Override
                        public void onClosed(int code, String reason) {
                            loop.execute(() -> {
                                if (gen == generation) {
                                    ended(code, reason);
                                }
                            });
                        }
                    });
                })
                .whenComplete((c, failure) -> loop.execute(() -> opened(gen, c, failure)));
    }

    private void opened(int gen, Transport.Connection c, Throwable failure) {
        if (gen != generation || phase == Phase.STOPPED) {
            if (c != null) {
                c.abort();
            }
            return;
        }
        if (failure != null) {
            LOG.log(Level.FINE, "connect failed", failure);
            reconnectLater(retryAfter(failure));
            return;
        }
        connection = c;
        phase = Phase.AWAITING_PONG;
        liveness.opened(clock.millis());
        ping();
    }

    private void frame(String text) {
        ServerFrame frame;
        try {
            frame = FrameCodec.decodeServer(text);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "ignoring a frame the SDK cannot read: {0}", e.getMessage());
            return;
        }
        long now = clock.millis();
        liveness.inbound(now, frame instanceof ServerFrame.MessageFrame);
        if (frame instanceof ServerFrame.Pong) {
            if (phase == Phase.AWAITING_PONG) {
                synced(false);
            }
        } else if (frame instanceof ServerFrame.MessageFrame m) {
            if (phase == Phase.SYNCING) {
                held.add(m);
            } else if (phase == Phase.ONLINE) {
                acks.pushed(now);
                inbox.receive(m, false);
            }
        } else if (frame instanceof ServerFrame.SendAck a) {
            outbox.onSendAck(a);
        } else if (frame instanceof ServerFrame.Delivered d) {
            delivery.delivered(d);
        } else if (frame instanceof ServerFrame.AckOk ok) {
            acks.recorded(ok.acks());
        } else if (frame instanceof ServerFrame.Error e) {
            if (e.clientMsgId() != null) {
                outbox.onError(e);
            } else {
                LOG.log(Level.WARNING, "server refused a frame: {0} {1}", new Object[] {e.code(), e.message()});
            }
        }
        flushAcks();
    }

    /** {@code done} false: the first pong came, start the sync; true: the sync finished, go live. */
    private void synced(boolean done) {
        if (!done) {
            phase = Phase.SYNCING;
            report(ConnectionState.SYNCING);
            held.clear();
            acks.reset();
            outbox.connected(f -> connection.send(FrameCodec.encode(f)));
            int gen = generation;
            new SyncRun(rest.api(), rest.token(), options.syncPageSize(), inbox, loop, () -> gen == generation,
                    () -> synced(true), e -> restart("sync failed: " + e), this::later).start();
            return;
        }
        phase = Phase.ONLINE;
        backoff.reset();
        report(ConnectionState.ONLINE);
        long now = clock.millis();
        for (ServerFrame.MessageFrame m : held) {
            acks.pushed(now);
            inbox.receive(m, false);
        }
        held.clear();
        // acks sent on an earlier connection may never have arrived
        inbox.cursors().forEach((conversationId, seq) -> {
            if (seq > acks.recorded(conversationId)) {
                acks.moved(conversationId, now);
            }
        });
        checkSummary();
        flushAcks();
    }

    private void ended(int code, String reason) {
        connection = null;
        held.clear();
        outbox.disconnected();
        if (code == 1000 && "replaced".equals(reason)) {
            phase = Phase.STOPPED;
            generation++;
            report(ConnectionState.REPLACED);
            return;
        }
        reconnectLater();
    }

    private void restart(String why) {
        LOG.log(Level.FINE, "reconnecting: {0}", why);
        if (connection != null) {
            connection.abort();
        }
        generation++;
        ended(1006, why);
    }

    private void reconnectLater() {
        reconnectLater(null);
    }

    /** After the server's {@code Retry-After} when a refused upgrade carried one, else after the next backoff. */
    private void reconnectLater(Duration retryAfter) {
        phase = Phase.DOWN;
        report(ConnectionState.CONNECTING);
        later(retryAfter != null ? backoff.after(retryAfter) : backoff.next(), this::connect);
    }

    /** The {@code Retry-After} of the refused upgrade behind a failed connect, or null. */
    private static Duration retryAfter(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof UpgradeRefusedException refused) {
                return refused.retryAfter();
            }
        }
        return null;
    }

    private void tick() {
        if (phase == Phase.STOPPED) {
            return;
        }
        long now = clock.millis();
        outbox.tick();
        flushAcks();
        if (connection == null) {
            return;
        }
        switch (liveness.due(now, phase == Phase.AWAITING_PONG, phase == Phase.ONLINE)) {
            case PING -> ping();
            case GIVE_UP -> restart("no answer from the server within " + options.pongTimeout());
            case SUMMARY -> checkSummary();
            default -> { }
        }
    }

    private void ping() {
        liveness.pinged(clock.millis());
        connection.send(FrameCodec.encode(new ClientFrame.Ping()));
    }

    private void flushAcks() {
        if (connection != null && (phase == Phase.SYNCING || phase == Phase.ONLINE)) {
            for (ClientFrame.Ack ack : acks.due(clock.millis())) {
                connection.send(FrameCodec.encode(ack));
            }
        }
    }

    /** Tail loss: a conversation whose last push was lost shows no gap; the summary names its last seq. */
    private void checkSummary() {
        liveness.summaryChecked(clock.millis());
        rest.summary(entries -> {
            long now = clock.millis();
            for (ServerApi.SummaryEntry e : entries) {
                inbox.catchUp(e.conversationId(), e.maxSeq());
                if (e.ackSeq() < inbox.cursor(e.conversationId())) {
                    acks.moved(e.conversationId(), now);
                }
            }
        });
    }

    private void later(Duration delay, Runnable task) {
        loop.schedule(() -> {
            if (phase != Phase.STOPPED) {
                task.run();
            }
        }, delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    private void show(ServerFrame.MessageFrame m) {
        listener.onMessage(m);
        if (uid.equals(m.senderId())) {
            outbox.onOwnEcho(m);
        }
    }

    private void sendUpdate(SendUpdate update) {
        try {
            listener.onSendUpdate(update);
        } catch (RuntimeException e) {
            LOG.log(Level.WARNING, "the app's onSendUpdate threw", e);
        }
    }

    private void report(ConnectionState state) {
        if (state != reported) {
            reported = state;
            listener.onConnectionState(state);
        }
    }
}
