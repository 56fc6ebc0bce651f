package io.pigeonim.bench.chaos;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * What the chaos run's devices saw, and the verdict per fault: every send the server confirmed ({@code send_ack}, or
 * its own push with a seq) must be shown by every member device of its conversation, once, in increasing seq order;
 * the stall is the time from the kill to the first message sent after it that a device shows. All times are epoch
 * milliseconds passed in by the caller (the kill's moment comes from another process: {@code ./pigeon kill}).
 * Thread-safe: the devices' event threads call it concurrently.
 */
final class ChaosChecker {

    /** One send: where, by whom, in which phase (fault), and what the server answered. */
    private static final class Send {
        final String conversationId;
        final int phase;
        final long submittedAt;
        String msgId;
        String failure;

        Send(String conversationId, int phase, long submittedAt) {
            this.conversationId = conversationId;
            this.phase = phase;
            this.submittedAt = submittedAt;
        }
    }

    /** What one device showed, and when it was connected. */
    private static final class DeviceLog {
        final Map<String, Integer> shownCount = new HashMap<>();
        final Map<String, Long> lastSeq = new HashMap<>();
        /** Moments the device lost its connection (left ONLINE / SYNCING for CONNECTING). */
        final List<Long> drops = new ArrayList<>();
        /** Moments it was connected again. */
        final List<Long> ups = new ArrayList<>();
        boolean connected;
    }

    /** A first showing of a message sent in some phase: on which device, when it was sent, when shown. */
    private record Arrival(String device, long sentAt, long at) {
    }

    private final Map<String, List<String>> membersOf;
    private final Map<String, Send> sends = new HashMap<>();
    private final Map<String, String> clientMsgIdOf = new HashMap<>();
    private final Map<String, DeviceLog> devices = new LinkedHashMap<>();
    private final Map<Integer, List<Arrival>> arrivals = new HashMap<>();
    private final Map<Integer, Integer> twice = new HashMap<>();
    private final Map<Integer, Integer> outOfOrder = new HashMap<>();
    private final Map<Integer, List<String>> examples = new HashMap<>();

    /** {@code membersOf}: each conversation's member devices (the keys the devices report under). */
    ChaosChecker(Map<String, List<String>> membersOf) {
        this.membersOf = Map.copyOf(membersOf);
        membersOf.values().forEach(list -> list.forEach(d -> devices.putIfAbsent(d, new DeviceLog())));
    }

    synchronized void submitted(String clientMsgId, String conversationId, int phase, long at) {
        if (!membersOf.containsKey(conversationId)) {
            throw new IllegalArgumentException("conversation: " + conversationId + " (expected one of the run's)");
        }
        sends.put(clientMsgId, new Send(conversationId, phase, at));
    }

    /** The server has the message (SENT, STORED_OFFLINE or DELIVERED). */
    synchronized void stored(String clientMsgId, String msgId) {
        Send s = sends.get(clientMsgId);
        if (s != null && s.msgId == null) {
            s.msgId = Objects.requireNonNull(msgId, "msgId");
            clientMsgIdOf.put(msgId, clientMsgId);
        }
    }

    /** The SDK says the server does not have the message and never will. */
    synchronized void failed(String clientMsgId, String reason) {
        Send s = sends.get(clientMsgId);
        if (s != null && s.msgId == null) {
            s.failure = reason == null ? "failed" : reason;
        }
    }

    /** The device's connection changed: {@code connected} is ONLINE or SYNCING. */
    synchronized void connection(String device, boolean connected, long at) {
        DeviceLog d = device(device);
        if (d.connected && !connected) {
            d.drops.add(at);
        } else if (!d.connected && connected) {
            d.ups.add(at);
        }
        d.connected = connected;
    }

    /** The app was handed a message ({@code PigeonListener.onMessage}). */
    synchronized void shown(String device, String conversationId, String msgId, String clientMsgId, long seq, long at) {
        DeviceLog d = device(device);
        Send s = sends.get(clientMsgId);
        int phase = s == null ? -1 : s.phase;
        if (s != null && s.msgId == null) {
            // pushed back before its send_ack arrived: the seq proves it is stored
            s.msgId = msgId;
            clientMsgIdOf.put(msgId, clientMsgId);
        }
        int count = d.shownCount.merge(msgId, 1, Integer::sum);
        if (count > 1) {
            // counted as shown twice, not also as out of order
            twice.merge(phase, 1, Integer::sum);
            example(phase, "shown twice: " + msgId + " (seq " + seq + ") on " + device);
            return;
        }
        Long last = d.lastSeq.get(conversationId);
        if (last != null && seq <= last) {
            outOfOrder.merge(phase, 1, Integer::sum);
            example(phase, "out of order: seq " + seq + " after " + last + " in " + conversationId + " on " + device);
        } else {
            d.lastSeq.put(conversationId, seq);
        }
        if (s != null) {
            arrivals.computeIfAbsent(phase, p -> new ArrayList<>()).add(new Arrival(device, s.submittedAt, at));
        }
    }

    /** Devices connected now. */
    synchronized int connectedDevices() {
        return (int) devices.values().stream().filter(d -> d.connected).count();
    }

    /** Whether every stored send has reached every member device and every send has an answer. */
    synchronized boolean settled() {
        for (Send s : sends.values()) {
            if (s.msgId == null && s.failure == null) {
                return false;
            }
            if (s.msgId != null && !missingOn(s).isEmpty()) {
                return false;
            }
        }
        return true;
    }

    /** The verdict for the sends of {@code phase}, whose fault struck at {@code killedAt}; the phase ended at {@code end}. */
    synchronized PhaseCheck check(int phase, long killedAt, long end) {
        int sent = 0;
        int stored = 0;
        int failed = 0;
        int unanswered = 0;
        int lost = 0;
        int missing = 0;
        for (Map.Entry<String, Send> e : sends.entrySet()) {
            Send s = e.getValue();
            if (s.phase != phase) {
                continue;
            }
            sent++;
            if (s.msgId == null) {
                if (s.failure != null) {
                    failed++;
                } else {
                    unanswered++;
                }
                continue;
            }
            stored++;
            List<String> notOn = missingOn(s);
            if (!notOn.isEmpty()) {
                lost++;
                missing += notOn.size();
                example(phase, "lost: " + s.msgId + " (clientMsgId " + e.getKey() + ", sent at " + s.submittedAt
                        + ") never shown on " + notOn);
            }
        }
        Stall stall = stall(phase, killedAt);
        return new PhaseCheck(sent, stored, failed, unanswered, lost, missing, twice.getOrDefault(phase, 0),
                outOfOrder.getOrDefault(phase, 0), stall.first(), stall.stayedConnected(), stall.allBack(),
                reconnected(killedAt, end), List.copyOf(examples.getOrDefault(phase, List.of())));
    }

    private record Stall(Long first, boolean stayedConnected, Long allBack) {
    }

    /**
     * The first showing after the kill of a message sent after it, on a device connected throughout (when none
     * was, on any device); and the time until every device had shown one.
     */
    private Stall stall(int phase, long killedAt) {
        if (killedAt < 0) {
            return new Stall(null, false, null);
        }
        Long connected = null;
        Long any = null;
        Map<String, Long> firstPerDevice = new HashMap<>();
        for (Arrival a : arrivals.getOrDefault(phase, List.of())) {
            if (a.sentAt() < killedAt) {
                continue;
            }
            long wait = a.at() - killedAt;
            any = any == null ? wait : Math.min(any, wait);
            if (connectedThroughout(devices.get(a.device()), killedAt, a.at())) {
                connected = connected == null ? wait : Math.min(connected, wait);
            }
            firstPerDevice.merge(a.device(), wait, Math::min);
        }
        Long allBack = firstPerDevice.size() == devices.size()
                ? firstPerDevice.values().stream().mapToLong(Long::longValue).max().orElseThrow() : null;
        return connected != null ? new Stall(connected, true, allBack) : new Stall(any, false, allBack);
    }

    private static boolean connectedThroughout(DeviceLog d, long from, long to) {
        for (long drop : d.drops) {
            if (drop >= from && drop <= to) {
                return false;
            }
        }
        // connected at `from`: the last change before it was an "up"
        long lastUp = d.ups.stream().filter(t -> t <= from).mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
        long lastDrop = d.drops.stream().filter(t -> t <= from).mapToLong(Long::longValue).max().orElse(Long.MIN_VALUE);
        return lastUp != Long.MIN_VALUE && lastUp > lastDrop;
    }

    /** Devices that lost their connection between the kill and the end of its phase. */
    private int reconnected(long killedAt, long end) {
        if (killedAt < 0) {
            return 0;
        }
        int n = 0;
        for (DeviceLog d : devices.values()) {
            if (d.drops.stream().anyMatch(t -> t >= killedAt && t <= end)) {
                n++;
            }
        }
        return n;
    }

    private List<String> missingOn(Send s) {
        List<String> notOn = new ArrayList<>();
        for (String device : membersOf.get(s.conversationId)) {
            if (!devices.get(device).shownCount.containsKey(s.msgId)) {
                notOn.add(device);
            }
        }
        return notOn;
    }

    private DeviceLog device(String device) {
        DeviceLog d = devices.get(device);
        if (d == null) {
            throw new IllegalArgumentException("device: " + device + " (expected a member of the run's conversations)");
        }
        return d;
    }

    private void example(int phase, String what) {
        List<String> list = examples.computeIfAbsent(phase, p -> new ArrayList<>());
        if (list.size() < 10) {
            list.add(what);
        }
    }
}
