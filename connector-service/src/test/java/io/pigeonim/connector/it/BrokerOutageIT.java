package io.pigeonim.connector.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.ErrorCode;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.testsupport.PrivateKafka;

/**
 * The broker dies (SIGKILL) in the middle of a stream of sends and comes back (issue 3, item 4):
 * nothing is acknowledged that is not on the topic, the device is told to try again later while the
 * broker is down, and once it is back every send is acknowledged after resends, in send order.
 *
 * <p>A real broker of its own ({@link PrivateKafka}) and the real connector with a short publish timeout
 * (3 s), so a failure shows within seconds. The producer's delivery timeout stays unbounded, as in
 * production: what it holds at the kill reaches the topic after the restart, before the resends.
 */
class BrokerOutageIT {

    private static final int MESSAGES = 600;
    private static final String TOPIC = "it.outage." + UUID.randomUUID();
    private static final Duration BACKOFF = Duration.ofMillis(200);
    /** Longer than the publish timeout plus the connector's cool-down: sends are retried and refused. */
    private static final Duration OUTAGE = Duration.ofSeconds(6);

    private static PrivateKafka kafka;
    private static ConnectorInstance connector;

    @BeforeAll
    static void start() {
        kafka = PrivateKafka.start();
        kafka.createTopic(TOPIC, 3);
        connector = ConnectorInstance.start(kafka.bootstrapServers(), TOPIC,
                "--pigeon.connector.uplink.publish-timeout=3s",
                "--spring.kafka.producer.properties.request.timeout.ms=1000",
                "--spring.kafka.producer.properties.max.block.ms=1000",
                "--pigeon.connector.uplink.unavailable-cool-down=1s",
                "--pigeon.connector.uplink.rate-per-second=5000",
                "--pigeon.connector.uplink.burst=5000");
    }

    @AfterAll
    static void stop() {
        if (connector != null) {
            connector.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void nothingIsAcknowledgedThatIsNotOnTheTopicAndAfterTheRestartEverySendIsThereInOrder() {
        String alice = ConnectorItSupport.uid("alice");
        String conversation = ConversationId.direct(alice, ConnectorItSupport.uid("bob")).value();
        ReliableDevice device = new ReliableDevice(connector.port(), alice, conversation, MESSAGES);

        // the stream: killed once a quarter is acknowledged, with sends unanswered and more to come
        int[] ackedAtKill = {-1};
        device.connectAndSend(Duration.ofMillis(1), (acked, unanswered) -> {
            if (ackedAtKill[0] < 0 && acked >= MESSAGES / 4 && unanswered >= 3) {
                ackedAtKill[0] = acked;
                kafka.kill();
            }
        });
        assertThat(ackedAtKill[0]).as("killed mid-stream").isBetween(MESSAGES / 4, MESSAGES - 1);

        // the outage: the device keeps reconnecting and resending while the broker stays down for a while
        int ackedBeforeOutage = device.acked().size();
        int unavailableInStream = device.errors(ErrorCode.UNAVAILABLE);
        long outageEnd = System.nanoTime() + OUTAGE.toNanos();
        while (System.nanoTime() < outageEnd) {
            pause();
            device.connectAndSend(Duration.ZERO, (acked, unanswered) -> {
                throw new AssertionError("send_ack while the broker is down: " + device.acked());
            });
        }
        assertThat(device.acked()).hasSize(ackedBeforeOutage);
        // sends the producer still held at the kill time out: error UNAVAILABLE, then 1013. Whether any were
        // still held is a matter of timing (the broker may have stored them just before it died);
        // UplinkFailureIT covers that path deterministically. Here: the server closes with nothing else.
        assertThat(device.closeCodes()).as("closes by the server: %s", device).allMatch(code -> code == 1013);
        assertThat(device.errors(ErrorCode.UNAVAILABLE)).as("refused while down: %s", device)
                .isGreaterThan(unavailableInStream);

        // restarted at once: records the producer still holds go out first, then the device's resends
        kafka.restart();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!device.allAcknowledged() && System.nanoTime() < deadline) {
            pause();
            device.connectAndSend(Duration.ZERO, (acked, unanswered) -> { });
        }
        assertThat(device.allAcknowledged()).as("all acknowledged after the restart: %s", device).isTrue();

        List<UplinkRecords.Published> records = UplinkRecords.readAll(kafka.bootstrapServers(), TOPIC).stream()
                .filter(r -> r.key().equals(conversation)).toList();
        Map<String, String> firstOccurrence = new LinkedHashMap<>();
        Map<String, Integer> copies = new HashMap<>();
        for (UplinkRecords.Published r : records) {
            firstOccurrence.putIfAbsent(r.message().clientMsgId(), r.message().msgId());
            copies.merge(r.message().clientMsgId(), 1, Integer::sum);
        }
        List<String> duplicated = new ArrayList<>(copies.entrySet().stream()
                .filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList());
        System.out.printf("BrokerOutageIT: %d sends, %d acknowledged before the kill; %s; %d records on the topic, "
                + "%d clientMsgIds twice or more %s%n", MESSAGES, ackedAtKill[0], device, records.size(),
                duplicated.size(), duplicated.size() > 10 ? duplicated.subList(0, 10) + "…" : duplicated);

        // every send_ack is for a record on the topic, with the same msgId; nothing else is there
        assertThat(firstOccurrence).containsExactlyInAnyOrderEntriesOf(device.acked());
        // per-conversation order: each message first appears in send order (later copies are resends)
        assertThat(firstOccurrence.keySet()).containsExactlyElementsOf(device.clientMsgIds());
    }

    private static void pause() {
        try {
            Thread.sleep(BACKOFF.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
