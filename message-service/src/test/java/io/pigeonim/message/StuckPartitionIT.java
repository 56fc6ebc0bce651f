package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;

import io.micrometer.core.instrument.MeterRegistry;
import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.kafka.Topics;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.testsupport.TestInfra;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Issue 13, a stuck partition is visible and bounded (ADR 0019): a record whose insert always fails (a MariaDB trigger
 * that signals SQLSTATE 45000 for its msgId: a deterministic error) no longer holds back the records around it. They
 * are stored and pushed within seconds, it alone is parked on the retry topic and counted, and once the fault is gone
 * the retry consumer stores it. A dependency that is down (seq-service answering 503) is waited for in place: nothing
 * is parked, however many tries it takes.
 */
class StuckPartitionIT extends AbstractMessageServiceIT {

    @Autowired
    MeterRegistry meters;

    @Test
    void aRecordThatAlwaysFailsIsParkedTheOthersAreStoredAtOnceAndItIsStoredWhenTheFaultIsGone() {
        String alice = uid("alice");
        String bob = uid("bob");
        online(bob, "laptop", CONNECTOR_B);
        List<UplinkMessage> sent = new ArrayList<>();
        for (int i = 1; i <= 7; i++) {
            sent.add(message(alice, bob, "s" + i, "stuck " + i));
        }
        UplinkMessage bad = sent.get(3);
        String conversation = bad.conversationId();
        String trigger = "it_fail_" + UUID.randomUUID().toString().substring(0, 8).replace('-', '_');
        jdbc.execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON message FOR EACH ROW BEGIN "
                + "IF NEW.msg_id = '" + bad.msgId() + "' THEN "
                + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault for one msgId'; END IF; END");
        double parked = count("pigeon.message.retry.parked");
        double recovered = count("pigeon.message.retry.recovered");
        double failedAgain = count("pigeon.message.retry.failed");
        try {
            // the consumer has its partitions and its connections: the time below is the failure's, not a start's
            UplinkMessage warmUp = message(alice, uid("carol"), "w1", "warm-up");
            produce(warmUp);
            await().atMost(WAIT).until(() -> rows(warmUp.conversationId()).size() == 1);
            long start = System.nanoTime();
            produce(sent.toArray(UplinkMessage[]::new));

            // 1. every other record, before and after the bad one in the same partition: stored, in order, and pushed
            List<String> others = sent.stream().filter(m -> m != bad).map(UplinkMessage::msgId).toList();
            await().atMost(WAIT).until(() -> rows(conversation).size() == others.size()
                    && messageFrames(conversation).size() >= others.size());
            Duration storedAfter = Duration.ofNanos(System.nanoTime() - start);
            System.out.printf("StuckPartitionIT: %d records around a failing one stored and pushed %d ms after "
                    + "they were produced%n", others.size(), storedAfter.toMillis());
            assertThat(storedAfter).isLessThan(Duration.ofSeconds(10));
            assertThat(rows(conversation)).extracting(row -> row.get("msg_id")).containsExactlyElementsOf(others);
            assertThat(messageFrames(conversation)).extracting(ServerFrame.MessageFrame::msgId)
                    .containsAll(others).doesNotContain(bad.msgId());

            // 2. the bad one alone is parked, counted, waiting; the partition is not stalled any more
            List<ConsumerRecord<byte[], byte[]>> copies = recordsOf(RETRY_TOPIC, 1, bad.msgId());
            ConsumerRecord<byte[], byte[]> first = copies.get(0);
            assertThat(new String(first.key(), StandardCharsets.UTF_8)).isEqualTo(conversation);
            assertThat(header(first, Topics.RETRY_REASON_HEADER)).contains("injected fault for one msgId");
            assertThat(header(first, Topics.RETRY_ATTEMPT_HEADER)).isEqualTo("1");
            assertThat(count("pigeon.message.retry.parked") - parked).isEqualTo(1);
            assertThat(parkedOf(conversation)).as("only the failing record is parked")
                    .allSatisfy(value -> assertThat(value).contains(bad.msgId()));
            await().atMost(WAIT).until(() -> gauge("pigeon.message.uplink.stalled") == 0);

            // 3. tried again after its pause, it fails again and is parked again, further back
            await().atMost(WAIT).until(() -> count("pigeon.message.retry.failed") - failedAgain >= 1);
            await().atMost(WAIT).until(() -> gauge("pigeon.message.retry.waiting") >= 1);
            assertThat(rows(conversation)).hasSize(others.size());

            // 4. the fault is fixed: the retry consumer stores it, after the others (a later seq, the same msgId)
            jdbc.execute("DROP TRIGGER " + trigger);
            trigger = null;
            await().atMost(WAIT).until(() -> rows(conversation).size() == sent.size());
            List<String> stored = rows(conversation).stream().map(row -> (String) row.get("msg_id")).toList();
            List<String> expected = new ArrayList<>(others);
            expected.add(bad.msgId());
            assertThat(stored).containsExactlyElementsOf(expected);
            await().atMost(WAIT).until(() -> messageFrames(conversation).stream()
                    .anyMatch(frame -> frame.msgId().equals(bad.msgId())));
            assertThat(count("pigeon.message.retry.recovered") - recovered).isEqualTo(1);
            await().atMost(WAIT).until(() -> gauge("pigeon.message.retry.waiting") == 0);
            assertThat(count("pigeon.message.retry.parked") - parked).as("parked once from the uplink").isEqualTo(1);
        } finally {
            if (trigger != null) {
                jdbc.execute("DROP TRIGGER IF EXISTS " + trigger);
            }
        }
    }

    @Test
    void anErrorEveryRecordOfABatchHitsParksNothingAndTheBatchWaitsInPlace() {
        String alice = uid("alice");
        String bob = uid("bob");
        UplinkMessage first = message(alice, bob, "y1", "systemic 1");
        UplinkMessage second = message(alice, bob, "y2", "systemic 2");
        String conversation = first.conversationId();
        String trigger = "it_all_" + UUID.randomUUID().toString().substring(0, 8);
        // stands for a schema or configuration error: every insert of the conversation fails
        jdbc.execute("CREATE TRIGGER " + trigger + " BEFORE INSERT ON message FOR EACH ROW BEGIN "
                + "IF NEW.conversation_id = '" + conversation + "' THEN "
                + "SIGNAL SQLSTATE '45000' SET MESSAGE_TEXT = 'injected fault for every record'; END IF; END");
        double parked = count("pigeon.message.retry.parked");
        boolean dropped = false;
        int allocations = SEQ.allocations();
        try {
            produceTogether(first, second);
            // the bound reached and the batch isolated at least once: every record failed on its own
            await().atMost(WAIT).until(() -> SEQ.allocations() - allocations >= ATTEMPTS_BEFORE_PARKING + 2);
            await().atMost(WAIT).until(() -> gauge("pigeon.message.uplink.stalled") >= 1);
            assertThat(count("pigeon.message.retry.parked")).as("nothing parked").isEqualTo(parked);
            assertThat(rows(conversation)).isEmpty();

            jdbc.execute("DROP TRIGGER " + trigger);
            dropped = true;
            await().atMost(WAIT).until(() -> rows(conversation).size() == 2);
            assertThat(rows(conversation)).extracting(row -> row.get("msg_id"))
                    .containsExactly(first.msgId(), second.msgId());
            assertThat(count("pigeon.message.retry.parked")).isEqualTo(parked);
            assertThat(parkedOf(conversation)).isEmpty();
        } finally {
            if (!dropped) {
                jdbc.execute("DROP TRIGGER IF EXISTS " + trigger);
            }
        }
    }

    @Test
    void whileSeqServiceAnswers503TheBatchIsRetriedInPlaceVisiblyStalledAndNothingIsParked() {
        String alice = uid("alice");
        String bob = uid("bob");
        List<UplinkMessage> sent = new ArrayList<>();
        for (int i = 1; i <= 5; i++) {
            sent.add(message(alice, bob, "t" + i, "transient " + i));
        }
        String conversation = sent.get(0).conversationId();
        double parked = count("pigeon.message.retry.parked");
        int failures = SEQ.failuresServed();
        SEQ.down(true);
        AtomicBoolean up = new AtomicBoolean();
        try {
            produce(sent.toArray(UplinkMessage[]::new));
            // far more failed tries than the bound on deterministic ones, and a stall the gauge shows
            await().atMost(WAIT).until(() -> SEQ.failuresServed() - failures >= 4 * ATTEMPTS_BEFORE_PARKING);
            await().atMost(WAIT).until(() -> gauge("pigeon.message.uplink.stalled") >= 1);
            assertThat(rows(conversation)).isEmpty();
            assertThat(count("pigeon.message.retry.parked")).isEqualTo(parked);
            SEQ.down(false);
            up.set(true);

            await().atMost(WAIT).until(() -> rows(conversation).size() == sent.size());
            assertThat(rows(conversation)).extracting(row -> row.get("msg_id"))
                    .containsExactlyElementsOf(sent.stream().map(UplinkMessage::msgId).toList());
            assertThat(count("pigeon.message.retry.parked")).as("a dependency that is down: nothing parked")
                    .isEqualTo(parked);
            assertThat(parkedOf(conversation)).isEmpty();
            await().atMost(WAIT).until(() -> gauge("pigeon.message.uplink.stalled") == 0);
        } finally {
            if (!up.get()) {
                SEQ.down(false);
            }
        }
    }

    private double count(String counter) {
        return meters.counter(counter).count();
    }

    private double gauge(String name) {
        return meters.get(name).gauge().value();
    }

    private static String header(ConsumerRecord<byte[], byte[]> record, String name) {
        return new String(record.headers().lastHeader(name).value(), StandardCharsets.UTF_8);
    }

    private static List<ServerFrame.MessageFrame> messageFrames(String conversationId) {
        return CONNECTOR_B.pushesFor(conversationId).stream().map(PushRequest.Push::frame)
                .filter(ServerFrame.MessageFrame.class::isInstance).map(ServerFrame.MessageFrame.class::cast).toList();
    }

    /** The values of every record on the retry topic now that contain {@code needle}. */
    private static List<String> parkedOf(String needle) {
        Map<String, Object> config = Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, TestInfra.kafkaBootstrapServers(),
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        List<String> found = new ArrayList<>();
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(config, new ByteArrayDeserializer(),
                new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(RETRY_TOPIC).stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            long deadline = System.nanoTime() + WAIT.toNanos();
            while (partitions.stream().anyMatch(p -> consumer.position(p) < ends.get(p))) {
                assertThat(System.nanoTime()).as("read to the end of " + RETRY_TOPIC).isLessThan(deadline);
                for (ConsumerRecord<byte[], byte[]> record : consumer.poll(Duration.ofMillis(200))) {
                    String value = new String(record.value(), StandardCharsets.UTF_8);
                    if (value.contains(needle)) {
                        found.add(value);
                    }
                }
            }
        }
        return found;
    }
}
