package io.pigeonim.testsupport;

import java.util.concurrent.CompletableFuture;

/** Where a load device's frames go: its {@link LoadSocket} or {@link NioLoadSocket}, or a recorder in tests. */
public interface FrameSender {

    /** Sends one text frame after those sent before it. */
    void send(String text);

    boolean isClosed();

    /** Closes with 1000; completes when the connection is gone. */
    CompletableFuture<Void> close();
}
