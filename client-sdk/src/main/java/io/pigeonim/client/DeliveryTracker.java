package io.pigeonim.client;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Consumer;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.id.ConversationId;

/**
 * Turns {@code delivered} frames into {@code STORED_OFFLINE} / {@code DELIVERED} of this device's one-to-one
 * messages. A {@code delivered} names a seq, a send_ack does not: a message's seq is learnt when it comes back
 * pushed, so a {@code delivered} that arrives first is remembered per conversation and applied then.
 *
 * <p>Bounded: the oldest {@code limit} sent messages are tracked; older ones stay {@code SENT}. Loop thread only.
 */
final class DeliveryTracker {

    private static final class Sent {
        final String clientMsgId;
        final String conversationId;
        final String msgId;
        Long seq;
        MessageState state = MessageState.SENT;

        Sent(String clientMsgId, String conversationId, String msgId) {
            this.clientMsgId = clientMsgId;
            this.conversationId = conversationId;
            this.msgId = msgId;
        }
    }

    private final String uid;
    private final int limit;
    private final Consumer<SendUpdate> updates;
    private final LinkedHashMap<String, Sent> byClientMsgId = new LinkedHashMap<>();
    private final Map<String, TreeMap<Long, Sent>> waiting = new HashMap<>();
    private final Map<String, Long> deliveredUpTo = new HashMap<>();
    private final Map<String, Long> offlineUpTo = new HashMap<>();

    DeliveryTracker(String uid, int limit, Consumer<SendUpdate> updates) {
        this.uid = uid;
        this.limit = limit;
        this.updates = updates;
    }

    /** A message of this device was stored; one-to-one ones wait for {@code delivered}. */
    void sent(String conversationId, String clientMsgId, String msgId) {
        if (!ConversationId.parse(conversationId).isDirect() || byClientMsgId.containsKey(clientMsgId)) {
            return;
        }
        byClientMsgId.put(clientMsgId, new Sent(clientMsgId, conversationId, msgId));
        if (byClientMsgId.size() > limit) {
            Iterator<Sent> eldest = byClientMsgId.values().iterator();
            Sent gone = eldest.next();
            eldest.remove();
            if (gone.seq != null) {
                waiting.getOrDefault(gone.conversationId, new TreeMap<>()).remove(gone.seq);
            }
        }
    }

    /** The device's own message came back with its seq. */
    void echoed(ServerFrame.MessageFrame m) {
        Sent s = byClientMsgId.get(m.clientMsgId());
        if (s == null || s.seq != null || !uid.equals(m.senderId())) {
            return;
        }
        s.seq = m.seq();
        waiting.computeIfAbsent(s.conversationId, c -> new TreeMap<>()).put(s.seq, s);
        apply(s.conversationId);
    }

    /** {@code by} has everything up to {@code seq}; about this device's messages only when {@code by} is the peer. */
    void delivered(ServerFrame.Delivered d) {
        if (uid.equals(d.by())) {
            return;
        }
        (d.offline() ? offlineUpTo : deliveredUpTo).merge(d.conversationId(), d.seq(), Math::max);
        apply(d.conversationId());
    }

    private void apply(String conversationId) {
        TreeMap<Long, Sent> pending = waiting.get(conversationId);
        if (pending == null) {
            return;
        }
        long delivered = deliveredUpTo.getOrDefault(conversationId, 0L);
        long offline = offlineUpTo.getOrDefault(conversationId, 0L);
        List<Sent> changed = new ArrayList<>();
        for (Iterator<Sent> it = pending.headMap(Math.max(delivered, offline), true).values().iterator(); it.hasNext(); ) {
            Sent s = it.next();
            if (s.seq <= delivered) {
                s.state = MessageState.DELIVERED;
                it.remove();
                byClientMsgId.remove(s.clientMsgId);
                changed.add(s);
            } else if (s.state == MessageState.SENT) {
                s.state = MessageState.STORED_OFFLINE;
                changed.add(s);
            }
        }
        for (Sent s : changed) {
            updates.accept(new SendUpdate(s.clientMsgId, s.conversationId, s.state, s.msgId, s.seq, null));
        }
    }
}
