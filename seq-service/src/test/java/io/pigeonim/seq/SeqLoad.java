package io.pigeonim.seq;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Supplier;

/** Threads that allocate batches for random conversations until stopped, recording into a ledger. */
public final class SeqLoad implements AutoCloseable {

    private final List<Thread> threads = new ArrayList<>();
    private final SeqClient client = new SeqClient();
    private final AtomicInteger ok = new AtomicInteger();
    private final AtomicInteger failed = new AtomicInteger();
    private final AtomicReference<String> lastFailure = new AtomicReference<>();
    private volatile boolean running = true;

    /**
     * @param baseUrls picks the instance for each call (may vary between calls)
     */
    public SeqLoad(int threadCount, List<String> conversations, Supplier<String> baseUrls, SeqLedger ledger) {
        for (int t = 0; t < threadCount; t++) {
            Thread thread = new Thread(() -> {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                while (running) {
                    Map<String, Integer> batch = new LinkedHashMap<>();
                    int size = 1 + random.nextInt(Math.min(8, conversations.size()));
                    while (batch.size() < size) {
                        batch.put(conversations.get(random.nextInt(conversations.size())), 1 + random.nextInt(5));
                    }
                    long start = System.nanoTime();
                    SeqClient.Answer answer = client.allocate(baseUrls.get(), batch);
                    long end = System.nanoTime();
                    if (answer.ok()) {
                        ledger.record(answer, start, end);
                        ok.incrementAndGet();
                    } else {
                        failed.incrementAndGet();
                        lastFailure.set(answer.status() + " " + answer.body());
                        sleep(20);
                    }
                }
            }, "seq-load-" + t);
            thread.start();
            threads.add(thread);
        }
    }

    public int ok() {
        return ok.get();
    }

    public int failed() {
        return failed.get();
    }

    public String lastFailure() {
        return lastFailure.get();
    }

    /** Waits until at least {@code more} further calls succeeded. */
    public void awaitMore(int more, long timeoutMillis) {
        int target = ok.get() + more;
        long deadline = System.currentTimeMillis() + timeoutMillis;
        while (ok.get() < target) {
            if (System.currentTimeMillis() > deadline) {
                throw new AssertionError("only " + ok.get() + " of " + target + " calls succeeded in time; last failure: "
                        + lastFailure.get());
            }
            sleep(10);
        }
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join(20_000);
        }
    }

    static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
