package io.pigeonim.message.uplink;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * How many records wait on the retry topic, as the gauge {@code pigeon.message.retry.waiting}: its end offsets minus
 * what the retry consumer group has committed, summed over its partitions, asked of Kafka every {@code every}.
 *
 * @implNote From Kafka rather than counted here: the number is the same on every instance and survives restarts
 *     (alert on its max, not its sum). A record parked again leaves one record waiting, not two: its old copy is
 *     committed when the new one is written. {@code NaN} until the first answer; the last value is kept while Kafka
 *     does not answer.
 */
public final class RetryBacklog implements AutoCloseable {

    private static final Logger log = LoggerFactory.getLogger(RetryBacklog.class);
    private static final long CALL_TIMEOUT_SECONDS = 10;

    private final Admin admin;
    private final String topic;
    private final String group;
    private final AtomicLong waiting = new AtomicLong(-1);
    private final ScheduledExecutorService refresher = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "retry-backlog");
        t.setDaemon(true);
        return t;
    });

    public RetryBacklog(Map<String, Object> adminConfig, String topic, String group, Duration every,
            MeterRegistry meters) {
        this.admin = Admin.create(adminConfig);
        this.topic = topic;
        this.group = group;
        Gauge.builder("pigeon.message.retry.waiting", waiting, w -> w.get() < 0 ? Double.NaN : w.get())
                .description("Records waiting on the retry topic (parked, not yet stored)").register(meters);
        refresher.scheduleWithFixedDelay(this::refresh, 0, every.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The last count, -1 before the first answer. */
    public long waiting() {
        return waiting.get();
    }

    private void refresh() {
        try {
            waiting.set(count());
        } catch (Exception e) {
            if (e instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                return;
            }
            log.debug("retry topic {} backlog not known now: {}", topic, e.toString());
        }
    }

    private long count() throws Exception {
        List<TopicPartition> partitions = admin.describeTopics(List.of(topic)).allTopicNames()
                .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).get(topic).partitions().stream()
                .map(p -> new TopicPartition(topic, p.partition())).toList();
        Map<TopicPartition, Long> ends = offsets(partitions, OffsetSpec.latest());
        Map<TopicPartition, Long> starts = offsets(partitions, OffsetSpec.earliest());
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(group)
                .partitionsToOffsetAndMetadata().get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS);
        long total = 0;
        for (TopicPartition partition : partitions) {
            OffsetAndMetadata done = committed.get(partition);
            // records removed by retention are not waiting any more (nor stored: the topic keeps them long, ADR 0019)
            long from = Math.max(starts.get(partition), done == null ? 0 : done.offset());
            total += Math.max(0, ends.get(partition) - from);
        }
        return total;
    }

    private Map<TopicPartition, Long> offsets(List<TopicPartition> partitions, OffsetSpec spec) throws Exception {
        Map<TopicPartition, OffsetSpec> asked = new HashMap<>();
        partitions.forEach(p -> asked.put(p, spec));
        Map<TopicPartition, Long> offsets = new HashMap<>();
        for (Map.Entry<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> answer : admin.listOffsets(asked).all()
                .get(CALL_TIMEOUT_SECONDS, TimeUnit.SECONDS).entrySet()) {
            offsets.put(answer.getKey(), answer.getValue().offset());
        }
        return offsets;
    }

    @Override
    public void close() {
        refresher.shutdownNow();
        admin.close(Duration.ofSeconds(5));
    }
}
