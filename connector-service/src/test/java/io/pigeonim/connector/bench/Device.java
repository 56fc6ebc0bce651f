package io.pigeonim.connector.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.util.concurrent.CompletableFuture;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.testsupport.LoadSocket;
import io.pigeonim.testsupport.TestTrust;

/**
 * A device connected straight to a connector instance with the identity headers the gateway would set: a named
 * test-support {@link LoadSocket}, the benchmarks' one socket.
 */
final class Device {

    /** What a benchmark does with a received frame; {@code nanos} is {@link System#nanoTime} at receipt. */
    interface Frames {
        void received(Device device, ServerFrame frame, long nanos);
    }

    private final String uid;
    private volatile LoadSocket socket;

    private Device(String uid) {
        this.uid = uid;
    }

    /** Connects and completes once the connection answered its first ping: from then on it gets pushes. */
    static CompletableFuture<Device> connect(HttpClient http, URI uri, String uid, String deviceId, Frames frames) {
        Device device = new Device(uid);
        return LoadSocket.connect(http, uri, TestTrust.identity(uid, deviceId, "GET", uri.getRawPath()),
                (frame, nanos) -> frames.received(device, frame, nanos)).thenApply(s -> {
                    device.socket = s;
                    return device;
                });
    }

    String uid() {
        return uid;
    }

    /** Sends a text frame after the ones sent before it. */
    void send(String text) {
        socket.send(text);
    }

    /** Sends a ping; completes with the round trip to its pong, in nanoseconds. */
    CompletableFuture<Long> ping() {
        return socket.ping();
    }

    boolean isClosed() {
        return socket.isClosed();
    }

    /** Closes with 1000 and waits for the server's close, at most 5 s, then drops the TCP connection. */
    CompletableFuture<Void> close() {
        return socket.close();
    }
}
