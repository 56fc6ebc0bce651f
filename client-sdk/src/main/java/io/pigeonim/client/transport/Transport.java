package io.pigeonim.client.transport;

import java.util.concurrent.CompletableFuture;

/**
 * Opens WebSocket connections to the gateway (PROTOCOL.md §3): the one seam between the SDK and the network's
 * frames, so a test can put faults between them and an Android app can plug in OkHttp.
 */
public interface Transport {

    /** Connects with {@code token}; completes once the upgrade succeeded, then events go to {@code listener}. */
    CompletableFuture<Connection> connect(String token, Listener listener);

    /** What happens on one connection; called on a transport thread, one call at a time, never after the end. */
    interface Listener {

        /** One whole text frame. */
        void onText(String text);

        /** The connection ended: a close frame ({@code code}, {@code reason}) or 1006 when it just broke. */
        void onClosed(int code, String reason);
    }

    /** An open connection. */
    interface Connection {

        /** Queues a text frame; frames leave in the order of the calls. */
        void send(String text);

        /** Sends a close frame and ends the connection. */
        void close(int code, String reason);

        /** Drops the connection at once, without a close frame (listener gets no call afterwards). */
        void abort();
    }
}
