package io.pigeonim.bench.check;

import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import io.pigeonim.bench.stats.LatencyRecorder;
import io.pigeonim.bench.stats.Timeline;
import io.pigeonim.common.frame.ServerFrame;

/**
 * Follows every message of a run from its send to each member device and reports what PROTOCOL.md §2-3 promise
 * and a user would notice: a send_acked message reaches every member device (the sender's own included) exactly
 * once after dedup by msgId, first arrivals in strictly increasing seq per conversation and device; nothing else.
 * It also times each message from its intended send time: {@code send_ack} at the sender, {@code message} at each
 * receiver. Pure bookkeeping, fed with {@link System#nanoTime} values by the devices; safe from any thread.
 *
 * @implNote Messages are found by clientMsgId (unique in the run) rather than by msgId, so that a message the
 *     server stored twice under two msgIds is caught ({@link CheckResult#storedTwice}) instead of passing dedup.
 */
public final class DeliveryChecker {

    /** What a {@code message} frame was to the device that got it. */
    public enum Arrival { FIRST, DUPLICATE, OUT_OF_ORDER }

    private static final int EXAMPLES = 10;

    private final Map<String, List<String>> members = new ConcurrentHashMap<>();
    private final Map<String, Outgoing> outgoing = new ConcurrentHashMap<>();
    private final Map<String, DeviceLog> devices = new ConcurrentHashMap<>();
    private final Map<Integer, StepLatencies> steps = new ConcurrentHashMap<>();
    private final Timeline receiverArrivals;
    private final Clock clock;
    private final AtomicLong pending = new AtomicLong();
    private final AtomicLong acked = new AtomicLong();
    private final AtomicLong refused = new AtomicLong();
    private final AtomicLong unknown = new AtomicLong();
    private final AtomicLong storedTwice = new AtomicLong();
    private final List<String> examples = new ArrayList<>();

    /**
     * @param receiverArrivals where first arrivals at receivers (not the sender's echo) are counted over time
     * @param clock wall time at arrival, against the server's {@code sendTime} (same machine, same clock)
     */
    public DeliveryChecker(Timeline receiverArrivals, Clock clock) {
        this.receiverArrivals = Objects.requireNonNull(receiverArrivals, "receiverArrivals");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /** Registers a conversation's member devices ({@code uid/deviceId}), before anything is sent to it. */
    public void conversation(String conversationId, List<String> memberDevices) {
        members.put(conversationId, List.copyOf(memberDevices));
    }

    public void sent(Sent sent) {
        if (!members.containsKey(sent.conversationId())) {
            throw new IllegalArgumentException("conversationId: " + sent.conversationId() + " (expected: registered)");
        }
        if (outgoing.putIfAbsent(sent.clientMsgId(), new Outgoing(sent)) != null) {
            throw new IllegalArgumentException("clientMsgId: " + sent.clientMsgId() + " sent twice (expected: unique)");
        }
    }

    /** The message's send_ack: from now on every member device must get it. */
    public void sendAcked(String clientMsgId, long nanos) {
        Outgoing o = outgoing.get(clientMsgId);
        if (o == null) {
            return;
        }
        synchronized (o) {
            if (o.acked) {
                return;
            }
            o.acked = true;
            pending.addAndGet(members.get(o.sent.conversationId()).size() - o.arrivedAt.size());
        }
        acked.incrementAndGet();
        if (o.sent.measured()) {
            step(o.sent.step()).sendAck.record(nanos - o.sent.intendedNanos());
        }
    }

    /** The server refused the send (an {@code error} frame): it is not expected anywhere. */
    public void refused(String clientMsgId) {
        Outgoing o = outgoing.get(clientMsgId);
        if (o != null) {
            synchronized (o) {
                if (!o.refused && !o.acked) {
                    o.refused = true;
                    refused.incrementAndGet();
                }
            }
        }
    }

    /** A {@code message} frame received by {@code device} at {@code nanos}. */
    public Arrival arrived(String device, ServerFrame.MessageFrame frame, long nanos) {
        return arrive(device, frame, nanos, false);
    }

    /**
     * A message read through sync (PROTOCOL.md §4) after a reconnect: it fills a gap, so its seq may be below the
     * last pushed one; it counts as a delivery (and a duplicate when the device had it), never as reordered.
     */
    public Arrival arrivedBySync(String device, ServerFrame.MessageFrame frame, long nanos) {
        return arrive(device, frame, nanos, true);
    }

    private Arrival arrive(String device, ServerFrame.MessageFrame frame, long nanos, boolean gapFill) {
        Arrival arrival = devices.computeIfAbsent(device, d -> new DeviceLog()).arrive(frame, gapFill);
        if (arrival == Arrival.DUPLICATE) {
            return arrival;
        }
        if (arrival == Arrival.OUT_OF_ORDER) {
            example(device + ": " + frame.conversationId() + " seq " + frame.seq() + " arrived after a higher seq");
        }
        Outgoing o = outgoing.get(frame.clientMsgId());
        if (o == null || !o.sent.conversationId().equals(frame.conversationId())) {
            unknown.incrementAndGet();
            return arrival;
        }
        synchronized (o) {
            if (!o.arrivedAt.add(device)) {
                storedTwice.incrementAndGet();
                example(device + ": " + frame.clientMsgId() + " arrived again under msgId " + frame.msgId());
                return arrival;
            }
            if (o.acked) {
                pending.decrementAndGet();
            }
            if (o.refused) {
                unknown.incrementAndGet();
            }
        }
        if (!device.equals(o.sent.senderDevice())) {
            receiverArrivals.add(nanos);
            if (o.sent.measured()) {
                StepLatencies latencies = step(o.sent.step());
                latencies.endToEnd.record(nanos - o.sent.intendedNanos());
                latencies.push.record((clock.millis() - frame.sendTime()) * 1_000_000L);
            }
        }
        return arrival;
    }

    /** Deliveries still due: of send_acked messages, to member devices that do not have them yet. */
    public long pending() {
        return pending.get();
    }

    /** Sends with neither a send_ack nor an error yet. */
    public long unanswered() {
        return outgoing.size() - acked.get() - refused.get();
    }

    public LatencyRecorder endToEnd(int step) {
        return step(step).endToEnd;
    }

    public LatencyRecorder sendAck(int step) {
        return step(step).sendAck;
    }

    /** The server's side of end-to-end: its {@code sendTime} (when it accepted the send) → arrival, ms precision. */
    public LatencyRecorder push(int step) {
        return step(step).push;
    }

    public long duplicates() {
        return devices.values().stream().mapToLong(DeviceLog::duplicates).sum();
    }

    public long firstArrivals() {
        return devices.values().stream().mapToLong(DeviceLog::firstArrivals).sum();
    }

    /** The verdict: call once the run has drained. */
    public CheckResult result() {
        long expected = 0;
        long lost = 0;
        for (Outgoing o : outgoing.values()) {
            synchronized (o) {
                if (!o.acked) {
                    continue;
                }
                for (String device : members.get(o.sent.conversationId())) {
                    expected++;
                    if (!o.arrivedAt.contains(device)) {
                        lost++;
                        example(device + ": never got " + o.sent.clientMsgId() + " of " + o.sent.conversationId());
                    }
                }
            }
        }
        long reordered = devices.values().stream().mapToLong(DeviceLog::reordered).sum();
        synchronized (examples) {
            return new CheckResult(outgoing.size(), acked.get(), refused.get(), unanswered(), expected, lost,
                    duplicates(), firstArrivals(), reordered, storedTwice.get(), unknown.get(), List.copyOf(examples));
        }
    }

    private StepLatencies step(int step) {
        return steps.computeIfAbsent(step, s -> new StepLatencies());
    }

    private void example(String what) {
        synchronized (examples) {
            if (examples.size() < EXAMPLES) {
                examples.add(what);
            }
        }
    }

    private static final class Outgoing {
        final Sent sent;
        final Set<String> arrivedAt = new HashSet<>(4);
        boolean acked;
        boolean refused;

        Outgoing(Sent sent) {
            this.sent = sent;
        }
    }

    private static final class StepLatencies {
        final LatencyRecorder endToEnd = new LatencyRecorder();
        final LatencyRecorder sendAck = new LatencyRecorder();
        final LatencyRecorder push = new LatencyRecorder();
    }

    /** One device's view: the msgIds it has, its last seq per conversation. */
    private static final class DeviceLog {
        private final Set<String> msgIds = new HashSet<>();
        private final Map<String, Long> lastSeq = new HashMap<>();
        private long duplicates;
        private long firstArrivals;
        private long reordered;

        synchronized Arrival arrive(ServerFrame.MessageFrame frame, boolean gapFill) {
            if (!msgIds.add(frame.msgId())) {
                duplicates++;
                return Arrival.DUPLICATE;
            }
            firstArrivals++;
            Long last = lastSeq.get(frame.conversationId());
            if (gapFill) {
                lastSeq.merge(frame.conversationId(), frame.seq(), Math::max);
                return Arrival.FIRST;
            }
            if (last != null && frame.seq() <= last) {
                reordered++;
                return Arrival.OUT_OF_ORDER;
            }
            lastSeq.put(frame.conversationId(), frame.seq());
            return Arrival.FIRST;
        }

        synchronized long duplicates() {
            return duplicates;
        }

        synchronized long firstArrivals() {
            return firstArrivals;
        }

        synchronized long reordered() {
            return reordered;
        }
    }
}
