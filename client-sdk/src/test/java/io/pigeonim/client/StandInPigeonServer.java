package io.pigeonim.client;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

import io.pigeonim.client.transport.ServerApi;
import io.pigeonim.client.transport.ServerApiException;
import io.pigeonim.client.transport.Transport;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.ConversationId;

/**
 * PROTOCOL.md §3–4 in memory, for the SDK's tests without the stack: clientId rule, idempotent sends,
 * pushes to every online device with the 256-message window and resends of unacknowledged pushes, cumulative
 * acks, {@code delivered} (offline stand-in included), paged sync with tokens, summary and history. Seqs skip a
 * number now and then (a legal hole). Tokens are {@code uid/deviceId}. One lock for everything.
 */
final class StandInPigeonServer implements Transport, ServerApi, AutoCloseable {

    private static final int WINDOW = 256;

    private final Map<String, List<String>> members = new HashMap<>();
    private final Map<String, List<MessageFrame>> stored = new HashMap<>();
    private final Map<String, Long> lastSeq = new HashMap<>();
    private final Map<String, String> msgIds = new HashMap<>();
    private final Map<String, Map<String, Long>> cursors = new HashMap<>();
    private final Map<String, Link> online = new HashMap<>();
    private final Random random = new Random(7);
    private final ScheduledExecutorService resender = Executors.newSingleThreadScheduledExecutor();
    private final java.util.Set<String> dropNextPush = new java.util.HashSet<>();
    private boolean resends = true;
    private double refuseRate;
    private long nextMsgId;

    StandInPigeonServer() {
        resender.scheduleWithFixedDelay(this::resend, 500, 500, TimeUnit.MILLISECONDS);
    }

    synchronized void group(String conversationId, List<String> uids) {
        members.put(conversationId, List.copyOf(uids));
    }

    /** Every stored message of the conversation, in seq order. */
    synchronized List<MessageFrame> history(String conversationId) {
        return List.copyOf(stored.getOrDefault(conversationId, List.of()));
    }

    /** The next push to this device is lost, and (with resends off) it stays lost: a tail loss. */
    synchronized void loseNextPushTo(String token) {
        dropNextPush.add(token);
    }

    /** Refuses this share of new sends with RATE_LIMITED (their clientIds stay unused). */
    synchronized void refuse(double rate) {
        refuseRate = rate;
    }

    synchronized void resends(boolean on) {
        resends = on;
    }

    synchronized long cursor(String token, String conversationId) {
        return cursors.getOrDefault(token, Map.of()).getOrDefault(conversationId, 0L);
    }

    @Override
    public synchronized CompletableFuture<Connection> connect(String token, Listener listener) {
        Link old = online.remove(token);
        if (old != null) {
            old.listener.onClosed(1000, "replaced");
        }
        Link link = new Link(token, listener);
        online.put(token, link);
        return CompletableFuture.completedFuture(link);
    }

    @Override
    public synchronized CompletableFuture<SyncPage> sync(String token, String ack, int limit) {
        Map<String, Long> mine = cursors.computeIfAbsent(token, t -> new HashMap<>());
        if (ack != null) {
            for (String entry : ack.split(";")) {
                int eq = entry.lastIndexOf('=');
                mine.merge(entry.substring(0, eq), Long.parseLong(entry.substring(eq + 1)), Math::max);
            }
        }
        List<MessageFrame> page = new ArrayList<>();
        Map<String, Long> last = new TreeMap<>();
        boolean more = false;
        for (String conversation : conversationsOf(uid(token))) {
            for (MessageFrame m : stored.getOrDefault(conversation, List.of())) {
                if (m.seq() > mine.getOrDefault(conversation, 0L)) {
                    if (page.size() == limit) {
                        more = true;
                        break;
                    }
                    page.add(m);
                    last.put(conversation, m.seq());
                }
            }
        }
        StringBuilder next = new StringBuilder();
        last.forEach((c, s) -> next.append(next.length() == 0 ? "" : ";").append(c).append('=').append(s));
        return CompletableFuture.completedFuture(new SyncPage(page, page.isEmpty() ? null : next.toString(), more));
    }

    @Override
    public synchronized CompletableFuture<List<SummaryEntry>> summary(String token) {
        List<SummaryEntry> entries = new ArrayList<>();
        for (String conversation : conversationsOf(uid(token))) {
            long max = lastSeq.getOrDefault(conversation, 0L);
            long ack = cursors.computeIfAbsent(token, t -> new HashMap<>()).getOrDefault(conversation, 0L);
            if (max > ack) {
                entries.add(new SummaryEntry(conversation, max, ack, 0));
            }
        }
        return CompletableFuture.completedFuture(entries);
    }

    @Override
    public synchronized CompletableFuture<HistoryPage> history(String token, String conversationId, long afterSeq,
            int limit) {
        if (!isMember(uid(token), conversationId)) {
            return CompletableFuture.failedFuture(new ServerApiException(403, "FORBIDDEN", "not a member", null));
        }
        List<MessageFrame> page = new ArrayList<>();
        boolean more = false;
        for (MessageFrame m : stored.getOrDefault(conversationId, List.of())) {
            if (m.seq() > afterSeq) {
                if (page.size() == limit) {
                    more = true;
                    break;
                }
                page.add(m);
            }
        }
        return CompletableFuture.completedFuture(new HistoryPage(page, more));
    }

    @Override
    public void close() {
        resender.shutdownNow();
    }

    private synchronized void receive(Link link, String text) {
        if (online.get(link.token) != link) {
            return;
        }
        ClientFrame frame = FrameCodec.decodeClient(text);
        if (frame instanceof ClientFrame.Ping) {
            link.live = true;
            link.write(new ServerFrame.Pong());
        } else if (frame instanceof ClientFrame.Send s) {
            send(link, s);
        } else if (frame instanceof ClientFrame.Ack a) {
            ack(link, a.acks());
        }
    }

    private void send(Link link, ClientFrame.Send s) {
        if (s.clientId() <= link.maxClientId) {
            ServerFrame.SendAck answered = link.answered.get(s.clientId());
            link.write(answered.clientMsgId().equals(s.clientMsgId()) ? answered
                    : new ServerFrame.Error(ErrorCode.BAD_FRAME, "clientId was accepted with another clientMsgId",
                            s.clientId(), null, s.clientMsgId()));
            return;
        }
        if (s.clientId() > link.maxClientId + 1) {
            link.write(new ServerFrame.Error(ErrorCode.OUT_OF_ORDER, "gap", s.clientId(), link.maxClientId + 1,
                    s.clientMsgId()));
            return;
        }
        if (random.nextDouble() < refuseRate) {
            link.write(new ServerFrame.Error(ErrorCode.RATE_LIMITED, "busy", s.clientId(), null, s.clientMsgId()));
            return;
        }
        if (!isMember(link.uid, s.conversationId())) {
            link.write(new ServerFrame.Error(ErrorCode.FORBIDDEN, "not a member", s.clientId(), null, s.clientMsgId()));
            return;
        }
        String key = link.uid + "/" + s.clientMsgId();
        String msgId = msgIds.get(key);
        MessageFrame message = null;
        if (msgId == null) {
            msgId = "m" + ++nextMsgId;
            msgIds.put(key, msgId);
            long seq = lastSeq.merge(s.conversationId(), random.nextInt(50) == 0 ? 2L : 1L, Long::sum);
            message = new StoredMessage(msgId, s.conversationId(), seq, link.uid, s.clientMsgId(), s.contentType(),
                    s.content(), 0).frame();
            stored.computeIfAbsent(s.conversationId(), c -> new ArrayList<>()).add(message);
        }
        link.maxClientId++;
        ServerFrame.SendAck ack = new ServerFrame.SendAck(s.clientId(), s.clientMsgId(), msgId, s.conversationId());
        link.answered.put(s.clientId(), ack);
        link.write(ack);
        if (message != null) {
            fanOut(message, link.uid);
        }
    }

    private void fanOut(MessageFrame message, String sender) {
        ConversationId conversation = ConversationId.parse(message.conversationId());
        boolean peerOnline = false;
        for (Link l : online.values()) {
            if (l.live && isMember(l.uid, message.conversationId())) {
                l.push(message);
                peerOnline |= !l.uid.equals(sender);
            }
        }
        if (conversation.isDirect() && !peerOnline) {
            delivered(sender, new ServerFrame.Delivered(message.conversationId(), message.seq(),
                    conversation.peerOf(sender), true));
        }
    }

    private void ack(Link link, List<AckEntry> entries) {
        for (AckEntry e : entries) {
            if (!isMember(link.uid, e.conversationId()) || e.seq() > lastSeq.getOrDefault(e.conversationId(), 0L)) {
                link.write(ServerFrame.Error.of(ErrorCode.BAD_FRAME, "ack past the last seq: " + e));
                return;
            }
        }
        Map<String, Long> mine = cursors.computeIfAbsent(link.token, t -> new HashMap<>());
        for (AckEntry e : entries) {
            mine.merge(e.conversationId(), e.seq(), Math::max);
            link.acked(e.conversationId(), e.seq());
            ConversationId conversation = ConversationId.parse(e.conversationId());
            if (conversation.isDirect()) {
                delivered(conversation.peerOf(link.uid), new ServerFrame.Delivered(e.conversationId(), e.seq(),
                        link.uid, false));
            }
        }
        link.write(new ServerFrame.AckOk(entries));
        link.pump();
    }

    private void delivered(String toUid, ServerFrame.Delivered d) {
        for (Link l : online.values()) {
            if (l.live && l.uid.equals(toUid)) {
                l.write(d);
            }
        }
    }

    private synchronized void resend() {
        if (!resends) {
            return;
        }
        long now = System.currentTimeMillis();
        for (Link l : online.values()) {
            l.resendOlderThan(now - 1000);
        }
    }

    private synchronized void drop(Link link) {
        online.remove(link.token, link);
    }

    private List<String> conversationsOf(String uid) {
        List<String> mine = new ArrayList<>();
        for (Map.Entry<String, List<String>> g : members.entrySet()) {
            if (g.getValue().contains(uid)) {
                mine.add(g.getKey());
            }
        }
        for (String conversation : lastSeq.keySet()) {
            ConversationId c = ConversationId.parse(conversation);
            if (c.isDirect() && c.hasMember(uid)) {
                mine.add(conversation);
            }
        }
        return mine;
    }

    private boolean isMember(String uid, String conversationId) {
        ConversationId c = ConversationId.parse(conversationId);
        return c.isDirect() ? c.hasMember(uid) : members.getOrDefault(conversationId, List.of()).contains(uid);
    }

    private static String uid(String token) {
        return token.substring(0, token.indexOf('/'));
    }

    /** One device's connection, with its clientId ledger and its window of unacknowledged pushes. */
    private final class Link implements Connection {
        final String token;
        final String uid;
        final Listener listener;
        final Map<Long, ServerFrame.SendAck> answered = new HashMap<>();
        final Map<String, TreeMap<Long, MessageFrame>> unacked = new HashMap<>();
        final Map<String, TreeMap<Long, long[]>> unackedAt = new HashMap<>();
        final ArrayDeque<MessageFrame> waiting = new ArrayDeque<>();
        int inWindow;
        long maxClientId;
        boolean live;

        Link(String token, Listener listener) {
            this.token = token;
            this.uid = uid(token);
            this.listener = listener;
        }

        void write(ServerFrame frame) {
            listener.onText(FrameCodec.encode(frame));
        }

        void push(MessageFrame m) {
            if (inWindow >= WINDOW) {
                waiting.add(m);
                return;
            }
            inWindow++;
            unacked.computeIfAbsent(m.conversationId(), c -> new TreeMap<>()).put(m.seq(), m);
            unackedAt.computeIfAbsent(m.conversationId(), c -> new TreeMap<>()).put(m.seq(),
                    new long[] {System.currentTimeMillis(), 0});
            if (!dropNextPush.remove(token)) {
                write(m);
            }
        }

        void acked(String conversationId, long seq) {
            TreeMap<Long, MessageFrame> conv = unacked.get(conversationId);
            if (conv != null) {
                var covered = conv.headMap(seq, true);
                inWindow -= covered.size();
                covered.clear();
                unackedAt.get(conversationId).headMap(seq, true).clear();
            }
        }

        void pump() {
            while (inWindow < WINDOW && !waiting.isEmpty()) {
                push(waiting.poll());
            }
        }

        /** Resends each unacknowledged push a bounded number of times, as the connector does. */
        void resendOlderThan(long before) {
            unackedAt.forEach((conversationId, times) -> times.forEach((seq, at) -> {
                if (at[0] < before && at[1] < 5) {
                    at[0] = System.currentTimeMillis();
                    at[1]++;
                    write(unacked.get(conversationId).get(seq));
                }
            }));
        }

        @Override
        public void send(String text) {
            receive(this, text);
        }

        @Override
        public void close(int code, String reason) {
            drop(this);
        }

        @Override
        public void abort() {
            drop(this);
        }
    }
}
