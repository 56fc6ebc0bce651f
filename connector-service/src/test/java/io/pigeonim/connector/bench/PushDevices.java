package io.pigeonim.connector.bench;

import java.net.http.HttpClient;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/**
 * The receiving devices of the push benchmark. Each records the push-hop latency of every {@code message} frame (the
 * sender's {@link System#nanoTime} travels in the content) and acknowledges cumulatively, as PROTOCOL.md §3 asks of
 * clients: after {@code ackEvery} messages or every {@code ackMillis}, whichever comes first.
 */
final class PushDevices implements Device.Frames, AutoCloseable {

    /** What a device has seen and not yet acknowledged. */
    private static final class Seen {
        final Map<String, Long> unacked = new HashMap<>();
        final Map<String, Long> latest = new HashMap<>();
        final ArrayDeque<Long> ackSentAt = new ArrayDeque<>();
        int count;
    }

    private final int ackEvery;
    private final List<Device> devices = new ArrayList<>();
    private final Map<Device, Seen> seen = new HashMap<>();
    private final ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    private final AtomicLong duplicates = new AtomicLong();
    private final AtomicLong acksOk = new AtomicLong();
    private final AtomicLong errors = new AtomicLong();
    private volatile String firstError;
    private volatile Throughput meter = new Throughput();
    private final Latencies ackRoundTrips = new Latencies();

    private PushDevices(int ackEvery) {
        this.ackEvery = ackEvery;
    }

    /** Connects every uid (device {@code d1}) to its instance and starts the ack timer. */
    static PushDevices connect(HttpClient http, List<String> uids, Function<String, ConnectorProcess> instanceOf,
            int ackEvery, int ackMillis) {
        PushDevices all = new PushDevices(ackEvery);
        List<CompletableFuture<Device>> opening = new ArrayList<>();
        for (String uid : uids) {
            opening.add(Device.connect(http, instanceOf.apply(uid).webSocketUri(), uid, "d1", all));
        }
        for (CompletableFuture<Device> device : opening) {
            Device d = device.join();
            synchronized (all) {
                all.devices.add(d);
                all.seen.put(d, new Seen());
            }
        }
        all.timer.scheduleAtFixedRate(all::ackAll, ackMillis, ackMillis, TimeUnit.MILLISECONDS);
        return all;
    }

    /** Where the next deliveries are counted. */
    void meter(Throughput meter) {
        this.meter = meter;
    }

    Device device(int i) {
        return devices.get(i);
    }

    int size() {
        return devices.size();
    }

    long duplicates() {
        return duplicates.get();
    }

    /** ack → ack_ok round trips (the connector records each ack through message-service first). */
    Latencies ackRoundTrips() {
        return ackRoundTrips;
    }

    long acksOk() {
        return acksOk.get();
    }

    long errors() {
        return errors.get();
    }

    /** The first error frame a device got, or null. */
    String firstError() {
        return firstError;
    }

    @Override
    public void received(Device device, ServerFrame frame, long nanos) {
        if (frame instanceof ServerFrame.MessageFrame message) {
            Seen s = seenBy(device);
            boolean ackNow;
            synchronized (s) {
                Long latest = s.latest.get(message.conversationId());
                if (latest != null && message.seq() <= latest) {
                    // a retransmission (or a frame out of order): not a delivery, and its latency is not the hop's
                    duplicates.incrementAndGet();
                    return;
                }
                String content = message.content();
                meter.completed(nanos - Long.parseLong(content.substring(1, content.indexOf(':'))));
                s.latest.put(message.conversationId(), message.seq());
                s.unacked.put(message.conversationId(), message.seq());
                ackNow = ++s.count >= ackEvery;
            }
            if (ackNow) {
                ack(device, s);
            }
        } else if (frame instanceof ServerFrame.AckOk) {
            acksOk.incrementAndGet();
            Seen s = seenBy(device);
            synchronized (s) {
                Long sent = s.ackSentAt.poll();
                if (sent != null) {
                    ackRoundTrips.add(nanos - sent);
                }
            }
        } else if (frame instanceof ServerFrame.Error error) {
            if (errors.getAndIncrement() == 0) {
                firstError = error.code() + " " + error.message();
            }
        }
    }

    private synchronized Seen seenBy(Device device) {
        return seen.get(device);
    }

    private void ackAll() {
        List<Device> snapshot;
        synchronized (this) {
            snapshot = List.copyOf(devices);
        }
        for (Device d : snapshot) {
            ack(d, seenBy(d));
        }
    }

    private void ack(Device device, Seen s) {
        List<AckEntry> entries = new ArrayList<>();
        synchronized (s) {
            s.unacked.forEach((conversation, seq) -> entries.add(new AckEntry(conversation, seq)));
            s.unacked.clear();
            s.count = 0;
            if (!entries.isEmpty()) {
                s.ackSentAt.add(System.nanoTime());
            }
        }
        if (!entries.isEmpty() && !device.isClosed()) {
            device.send(FrameCodec.encode(new ClientFrame.Ack(entries)));
        }
    }

    @Override
    public void close() {
        timer.shutdownNow();
        CompletableFuture.allOf(devices.stream().map(Device::close).toArray(CompletableFuture[]::new)).join();
    }
}
