package io.pigeonim.connector.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import io.pigeonim.common.frame.ClientFrame;
import io.pigeonim.common.frame.FrameCodec;
import io.pigeonim.common.frame.ServerFrame;

/**
 * One sender's connection, pipelined: up to {@code window} sends waiting for their {@code send_ack}, a new send
 * for every answer, clientIds 1, 2, 3… (PROTOCOL.md §3), conversations taken in turn from the sender's list.
 */
final class UplinkConnection implements Device.Frames {

    private final String uid;
    private final List<String> conversations;
    private final String content;
    private final int window;
    private final Throughput meter;
    private final long[] sentAt;
    private long nextClientId = 1;
    private int inFlight;
    private boolean running = true;
    private volatile Device device;

    private UplinkConnection(String uid, List<String> conversations, String content, int window, Throughput meter) {
        this.uid = uid;
        this.conversations = conversations;
        this.content = content;
        this.window = window;
        this.meter = meter;
        this.sentAt = new long[window * 2];
    }

    static CompletableFuture<UplinkConnection> open(HttpClient http, URI uri, String uid, List<String> conversations,
            String content, int window, Throughput meter) {
        UplinkConnection c = new UplinkConnection(uid, conversations, content, window, meter);
        return Device.connect(http, uri, uid, "d1", c).thenApply(device -> {
            c.device = device;
            return c;
        });
    }

    /** Fills the window. */
    synchronized void start() {
        while (running && inFlight < window) {
            sendNext();
        }
    }

    private void sendNext() {
        long clientId = nextClientId++;
        inFlight++;
        String frame = FrameCodec.encode(new ClientFrame.Send(clientId, "m" + clientId,
                conversations.get((int) (clientId % conversations.size())), "text", content));
        sentAt[(int) (clientId % sentAt.length)] = System.nanoTime();
        device.send(frame);
    }

    @Override
    public void received(Device d, ServerFrame frame, long nanos) {
        if (frame instanceof ServerFrame.SendAck ack) {
            synchronized (this) {
                inFlight--;
                meter.completed(nanos - sentAt[(int) (ack.clientId() % sentAt.length)]);
                if (running) {
                    sendNext();
                }
                notifyAll();
            }
        } else if (frame instanceof ServerFrame.Error) {
            // a refused send leaves its clientId unused, so everything after it is out of order: stop here
            meter.failed();
            synchronized (this) {
                running = false;
                inFlight = 0;
                notifyAll();
            }
        }
    }

    /** Stops sending and waits (at most 20 s) for the answers still due. */
    synchronized void stop() throws InterruptedException {
        running = false;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
        while (inFlight > 0 && !device.isClosed() && System.nanoTime() < deadline) {
            wait(100);
        }
    }

    CompletableFuture<Void> close() {
        return device.close();
    }

    String uid() {
        return uid;
    }
}
