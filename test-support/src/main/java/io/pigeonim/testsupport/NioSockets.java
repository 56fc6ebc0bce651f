package io.pigeonim.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.ClosedSelectorException;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Queue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The selector threads of {@link NioLoadSocket}s, one group per load-generator process: each thread serves the
 * sockets given to it in turn (reads, writes that did not fit the kernel's buffer, handshakes, the owners'
 * {@link LoadSocket.Frames} callbacks), so thousands of sockets cost a few threads and each thread's one read
 * buffer instead of a thread and buffers a socket. The callbacks run on these threads and must not block.
 * Closing the group drops every socket it still has ({@code closed(-1, …)}).
 */
public final class NioSockets implements AutoCloseable {

    private final Loop[] loops;
    private final AtomicInteger next = new AtomicInteger();
    /** Handshake and close deadlines: one thread for all, since a deadline only hands a task to a loop. */
    final ScheduledThreadPoolExecutor timer;

    /** @param threads selector threads (daemons); the connections benchmark takes 2, one a core here */
    public NioSockets(int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads: " + threads + " (expected: 1 or more)");
        }
        timer = new ScheduledThreadPoolExecutor(1, r -> daemon(r, "nio-socket-timer"));
        timer.setRemoveOnCancelPolicy(true);
        loops = new Loop[threads];
        for (int i = 0; i < threads; i++) {
            loops[i] = new Loop("nio-socket-" + i);
        }
    }

    /**
     * Opens a socket to {@code uri} ({@code ws://host:port/path?query}) with {@code headers} added to the upgrade
     * request and sends a {@code ping}; completes once its {@code pong} came back (PROTOCOL.md §3), as
     * {@link LoadSocket#connect} does. Fails with an {@link UpgradeRefusedException} when the upgrade was answered
     * with another status than 101, and with an {@link IOException} when it got no HTTP answer (refused, reset, no
     * answer in 30 s) or no pong in 30 s.
     */
    public CompletableFuture<NioLoadSocket> connect(URI uri, Map<String, String> headers, LoadSocket.Frames frames) {
        Loop loop = loops[Math.floorMod(next.getAndIncrement(), loops.length)];
        return NioLoadSocket.open(this, loop, uri, headers, frames);
    }

    /** {@link #connect(URI, Map, LoadSocket.Frames)} without headers (the token in the URI, or none). */
    public CompletableFuture<NioLoadSocket> connect(URI uri, LoadSocket.Frames frames) {
        return connect(uri, Map.of(), frames);
    }

    /** Drops every socket of the group and stops its threads. */
    @Override
    public void close() {
        for (Loop loop : loops) {
            loop.stop();
        }
        for (Loop loop : loops) {
            try {
                loop.thread.join(TimeUnit.SECONDS.toMillis(5));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
        }
        timer.shutdownNow();
    }

    private static Thread daemon(Runnable r, String name) {
        Thread t = new Thread(r, name);
        t.setDaemon(true);
        return t;
    }

    /**
     * One selector thread: selects, hands each ready key to its socket, then runs the tasks other threads gave it
     * (registrations, write interest, deadlines), so that a socket's state is only ever touched here.
     */
    static final class Loop implements Runnable {

        /** The size of the shared read buffer; a frame larger than this is gathered in a buffer of its socket's. */
        static final int READ_BUFFER_BYTES = 64 * 1024;

        final Selector selector;
        /** What every read of this loop's sockets goes into; a socket keeps only what a read left unfinished. */
        final ByteBuffer readBuffer = ByteBuffer.allocateDirect(READ_BUFFER_BYTES);
        /** A frame's payload copied out of {@link #readBuffer} to be decoded. */
        final byte[] scratch = new byte[READ_BUFFER_BYTES];
        private final Queue<Runnable> tasks = new ConcurrentLinkedQueue<>();
        /** Set while a wakeup is pending, so that a burst of tasks costs one {@link Selector#wakeup}. */
        private final AtomicBoolean woken = new AtomicBoolean();
        private final Thread thread;
        private volatile boolean running = true;

        Loop(String name) {
            try {
                selector = Selector.open();
            } catch (IOException e) {
                throw new UncheckedIOException("no selector", e);
            }
            thread = daemon(this, name);
            thread.start();
        }

        /** Runs {@code task} on this loop's thread, after the current selection. */
        void execute(Runnable task) {
            tasks.add(task);
            if (woken.compareAndSet(false, true)) {
                selector.wakeup();
            }
        }

        void stop() {
            running = false;
            selector.wakeup();
        }

        @Override
        public void run() {
            try {
                while (running) {
                    selector.select(this::ready);
                    woken.set(false);
                    runTasks();
                }
            } catch (IOException | ClosedSelectorException e) {
                // the selector broke: drop what it held, as at a close
            }
            // registrations given before the stop, so that their sockets are dropped with the rest
            runTasks();
            List<SelectionKey> keys = new ArrayList<>(selector.keys());
            for (SelectionKey key : keys) {
                ((NioLoadSocket) key.attachment()).drop("the socket group closed");
            }
            try {
                selector.close();
            } catch (IOException e) {
                // nothing left to release
            }
        }

        /** A task that throws is a bug of ours: it is shown, and the loop goes on with its other sockets. */
        private void runTasks() {
            for (Runnable task = tasks.poll(); task != null; task = tasks.poll()) {
                try {
                    task.run();
                } catch (RuntimeException e) {
                    e.printStackTrace();
                }
            }
        }

        /** An owner's callback that throws drops its own socket, not the loop. */
        private void ready(SelectionKey key) {
            NioLoadSocket socket = (NioLoadSocket) key.attachment();
            try {
                socket.ready(key);
            } catch (RuntimeException e) {
                socket.drop("failed on " + e);
            }
        }
    }
}
