package io.pigeonim.connector.it;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutionException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;

import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalManagementPort;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import io.pigeonim.common.ack.AckBatchResponse;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.testsupport.TestSocket;
import io.pigeonim.testsupport.StandInMessageService;
import io.pigeonim.testsupport.TestInfra;

/**
 * The real service on a random port with real Kafka and Redis; one Spring context shared by every IT.
 * Isolation: the uplink topic is unique to this JVM run, every test uses its own uids.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
abstract class ConnectorItSupport {

    static final String TOPIC = "it.uplink." + UUID.randomUUID();
    /** How long a batch holding a request of a uid starting {@code slow} takes to answer. */
    static final long SLOW_MILLIS = 1500;
    /**
     * message-service (our own service, not infrastructure), played by test-support's stand-in. Acks, per request:
     * seq 999999 is "past the last seq" (400 BAD_FRAME), conversation {@code p:nobody:x} is FORBIDDEN; seq 777777 in
     * any request makes the whole call answer 503; a request of a uid starting {@code slow} makes the whole call answer
     * after {@link #SLOW_MILLIS}. Membership: a group id starting {@code g:open} has everyone (204), {@code g:gone}
     * does not exist (404), {@code g:down} answers 503, any other has no one (403).
     */
    static final StandInMessageService MESSAGE_SERVICE = StandInMessageService.builder()
            .acks(ConnectorItSupport::ack)
            .beforeBatch(batch -> {
                if (batch.requests().stream().anyMatch(r -> r.uid().startsWith("slow"))) {
                    sleep(SLOW_MILLIS);
                }
            })
            .membership((group, uid) -> group.startsWith("g:open") ? 204 : group.startsWith("g:gone") ? 404
                    : group.startsWith("g:down") ? 503 : 403)
            // a slow answer must not hold up the others
            .threads(16)
            .start();

    @LocalServerPort
    int port;

    @LocalManagementPort
    int managementPort;

    @DynamicPropertySource
    static void properties(DynamicPropertyRegistry registry) {
        createTopic();
        TestInfra.registerKafka(registry);
        TestInfra.registerRedis(registry);
        registry.add("pigeon.connector.uplink-topic", () -> TOPIC);
        registry.add("pigeon.connector.message-url", MESSAGE_SERVICE::url);
        registry.add("pigeon.connector.downlink.retransmit-initial", () -> "400ms");
        registry.add("pigeon.connector.downlink.retransmit-max", () -> "2s");
        registry.add("pigeon.connector.downlink.max-retransmits", () -> "2");
        registry.add("pigeon.connector.downlink.wheel-tick", () -> "20ms");
        registry.add("pigeon.connector.downlink.inflight-window", () -> "8");
        registry.add("pigeon.connector.downlink.waiting-limit", () -> "8");
        // wide enough that acks sent together by a test land in one batch
        registry.add("pigeon.connector.ack.batch-window", () -> "50ms");
        // 1,000 pipelined sends in one test: above the default burst of 500
        registry.add("pigeon.connector.uplink.rate-per-second", () -> "2000");
        registry.add("pigeon.connector.uplink.burst", () -> "2000");
        registry.add("logging.level.org.apache.kafka", () -> "WARN");
        registry.add("logging.level.kafka", () -> "WARN");
    }

    /**
     * Creates the uplink topic before anything writes to it, as deployments do. Left to auto-creation,
     * the first idempotent writes can race the partition's creation (NOT_LEADER_OR_FOLLOWER, then
     * OutOfOrderSequenceException for the first batch while later ones were appended).
     */
    private static synchronized void createTopic() {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG,
                TestInfra.kafkaBootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(TOPIC, 8, (short) 1))).all().get();
            await().atMost(Duration.ofSeconds(20)).until(() -> admin.describeTopics(List.of(TOPIC)).allTopicNames().get()
                    .get(TOPIC).partitions().stream().allMatch(p -> p.leader() != null));
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("cannot create " + TOPIC, e);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /** A uid no other test uses; lower-case letters sort like bytes. */
    static String uid(String name) {
        return name + "-" + UUID.randomUUID().toString().substring(0, 8);
    }

    /** Connects and waits for the answer to a first ping: from then on the device is routed (PROTOCOL.md §3). */
    TestSocket connect(String uid, String deviceId) {
        TestSocket client = TestSocket.toConnector(port, uid, deviceId);
        client.send("{\"type\":\"ping\"}");
        if (!(client.next() instanceof io.pigeonim.common.frame.ServerFrame.Pong)) {
            throw new AssertionError("expected pong first");
        }
        return client;
    }

    private static AckBatchResponse.Result ack(AckRequest request) {
        for (AckEntry entry : request.acks()) {
            if (entry.seq() == 777_777L) {
                return StandInMessageService.UNAVAILABLE;
            }
        }
        for (AckEntry entry : request.acks()) {
            if (entry.seq() == 999_999L) {
                return AckBatchResponse.Result.refused(400, "BAD_FRAME", "seq past the last seq");
            }
            if (entry.conversationId().startsWith("p:nobody:")) {
                return AckBatchResponse.Result.refused(403, "FORBIDDEN", "not a member");
            }
        }
        return AckBatchResponse.Result.recorded(request.acks());
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
