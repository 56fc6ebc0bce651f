package io.pigeonim.connector.uplink;

import java.time.Duration;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * Part of readiness: the instance is ready once its producer knows the uplink topic (metadata fetched),
 * so the first sends after a start neither wait on the socket thread for metadata nor get UNAVAILABLE
 * while the instance already takes traffic. Tried in the background until it succeeds; afterwards a
 * broker outage shows in the answers to sends (UNAVAILABLE), not in readiness.
 */
public final class UplinkReadiness implements HealthIndicator {

    private static final Logger log = LoggerFactory.getLogger(UplinkReadiness.class);

    private final BooleanSupplier warmUp;
    private final Duration retry;
    private volatile boolean ready;
    private volatile Thread thread;

    /** @param warmUp one attempt to fetch the topic's metadata (may block up to the producer's max.block.ms) */
    public UplinkReadiness(BooleanSupplier warmUp, Duration retry) {
        this.warmUp = warmUp;
        this.retry = retry;
    }

    public void start() {
        Thread t = new Thread(this::run, "uplink-warm-up");
        t.setDaemon(true);
        thread = t;
        t.start();
    }

    public void stop() {
        Thread t = thread;
        if (t != null) {
            t.interrupt();
        }
    }

    private void run() {
        int attempts = 0;
        while (!Thread.currentThread().isInterrupted()) {
            attempts++;
            if (warmUp.getAsBoolean()) {
                ready = true;
                log.info("uplink topic metadata known after {} attempt(s): ready for sends", attempts);
                return;
            }
            if (attempts == 1) {
                log.warn("uplink topic metadata not available yet: not ready, retrying every {}", retry);
            }
            try {
                Thread.sleep(retry.toMillis());
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    @Override
    public Health health() {
        return ready ? Health.up().build()
                : Health.outOfService().withDetail("reason", "uplink topic metadata not fetched yet").build();
    }
}
