package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

import io.lettuce.core.AbstractRedisClient;
import io.lettuce.core.event.connection.ConnectionActivatedEvent;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.common.redis.RedisKeys;
import io.pigeonim.message.store.CachingXmlLanguageDriver;
import io.pigeonim.testsupport.TestInfra;
import org.apache.ibatis.session.SqlSessionFactory;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.data.redis.connection.lettuce.LettuceConnectionFactory;
import reactor.core.Disposable;

/**
 * The uplink's hot path: every hop timed, each batch's calls on bounded threads over reused connections.
 *
 * <p>Waits poll on the test's own thread (no Awaitility: it starts a thread per wait, which the thread count
 * below would see).
 */
class HotPathIT extends AbstractMessageServiceIT {

    private static final int MESSAGES = 40;
    /** The internal clients' threads: the push client's ({@code push-threads}, 8); the seq client has none. */
    private static final Pattern OWN_THREAD = Pattern.compile("^(seq-http|push-http)-(\\d+)$");

    @Autowired
    MeterRegistry meters;

    @Autowired
    LettuceConnectionFactory redisConnections;

    @Autowired
    SqlSessionFactory sessions;

    @Test
    void batchesStartNoThreadAndNoConnectionPerCall() {
        // alice on one instance, bob on the other: every batch is one push to each
        String[] users = {uid("alice"), uid("bob")};
        online(users[0], "phone", CONNECTOR_A);
        online(users[1], "phone", CONNECTOR_B);
        String conversation = ConversationId.direct(users[0], users[1]).value();
        produce(message(users[0], users[1], "h0", "warm-up: connections opened"));
        waitUntil(() -> CONNECTOR_A.pushesFor(conversation).size() == 1 && CONNECTOR_B.pushesFor(conversation).size() == 1);
        int pushesToA = CONNECTOR_A.requests();
        int pushesToB = CONNECTOR_B.requests();
        int seqCalls = SEQ.requests();
        Set<String> poolBefore = Thread.getAllStackTraces().keySet().stream().map(Thread::getName)
                .filter(name -> OWN_THREAD.matcher(name).matches()).collect(Collectors.toSet());
        long threadsBefore = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount();
        AtomicInteger redisConnects = new AtomicInteger();
        Disposable watch = ((AbstractRedisClient) redisConnections.getNativeClient()).getResources().eventBus().get()
                .filter(ConnectionActivatedEvent.class::isInstance).subscribe(event -> redisConnects.incrementAndGet());
        try {
            // one message at a time: each is a batch of its own, pushed to both instances
            for (int i = 1; i <= MESSAGES; i++) {
                produce(message(users[i % 2], users[1 - i % 2], "h" + i, "hop " + i));
                int expected = i + 1;
                waitUntil(() -> CONNECTOR_A.pushesFor(conversation).size() == expected
                        && CONNECTOR_B.pushesFor(conversation).size() == expected);
            }
        } finally {
            watch.dispose();
        }

        long threadsStarted = ManagementFactory.getThreadMXBean().getTotalStartedThreadCount() - threadsBefore;
        // a bounded pool may still be filling up when this test runs first in its JVM (a fixed pool starts a thread
        // per task up to its size); its threads are bounded below, so only the others count here
        long poolThreadsStarted = Thread.getAllStackTraces().keySet().stream()
                .filter(t -> OWN_THREAD.matcher(t.getName()).matches() && !poolBefore.contains(t.getName())).count();
        assertThat(threadsStarted - poolThreadsStarted)
                .as("threads started in this JVM for %d batches, %d pushes, besides the bounded pools'", MESSAGES,
                        2 * MESSAGES)
                .isLessThanOrEqualTo(5);
        assertThat(redisConnects.get()).as("Redis connections opened for %d route lookups", MESSAGES).isZero();
        assertThat(CONNECTOR_A.connectionsSince(pushesToA)).as("connections of %d pushes", MESSAGES).hasSizeLessThanOrEqualTo(2);
        assertThat(CONNECTOR_B.connectionsSince(pushesToB)).as("connections of %d pushes", MESSAGES).hasSizeLessThanOrEqualTo(2);
        assertThat(SEQ.connectionsSince(seqCalls)).as("connections of %d seq calls", MESSAGES).hasSizeLessThanOrEqualTo(2);
        for (Thread thread : Thread.getAllStackTraces().keySet()) {
            Matcher own = OWN_THREAD.matcher(thread.getName());
            if (own.matches()) {
                int bound = own.group(1).equals("push-http") ? 8 : 0;
                assertThat(Integer.parseInt(own.group(2))).as(thread.getName()).isBetween(1, bound);
                assertThat(thread.isDaemon()).as(thread.getName()).isTrue();
            }
        }
    }

    @Test
    void everyHopOfAMessageIsTimedWithAHistogram() {
        String alice = uid("alice");
        String bob = uid("bob");
        online(bob, "phone", CONNECTOR_A);
        List<Timer> hops = List.of(timer("pigeon.message.records.received"), timer("pigeon.message.seqs.allocated",
                "outcome", "success"), timer("pigeon.message.store.committed"), timer("pigeon.message.routes.resolved"),
                timer("pigeon.message.pushes.sent", "outcome", "success"), timer("pigeon.message.batches.processed"));
        List<Long> before = hops.stream().map(Timer::count).toList();
        UplinkMessage hello = message(alice, bob, "t1", "timed");

        produce(hello);

        waitUntil(() -> CONNECTOR_A.pushesFor(hello.conversationId()).size() == 1);
        waitUntil(() -> timer("pigeon.message.batches.processed").count() > before.get(5));
        for (int i = 0; i < hops.size(); i++) {
            Timer hop = hops.get(i);
            assertThat(hop.count()).as(hop.getId().toString()).isGreaterThan(before.get(i));
            assertThat(hop.takeSnapshot().histogramCounts()).as(hop.getId() + " buckets").isNotEmpty();
        }
    }

    @Test
    void aPushToAnInstanceThatIsGoneIsTimedAsAFailureAndHoldsNothingBack() {
        String alice = uid("alice");
        String bob = uid("bob");
        online(alice, "phone", CONNECTOR_A);
        String gone = "it-gone-" + uid("connector");
        redis.opsForHash().put(RedisKeys.route(bob), "phone", gone);
        redis.opsForValue().set(RedisKeys.connector(gone), "http://127.0.0.1:" + TestInfra.freePort(), Duration.ofMinutes(10));
        long failuresBefore = timer("pigeon.message.pushes.sent", "outcome", "failure").count();
        UplinkMessage first = message(alice, bob, "g1", "to a gone instance");
        UplinkMessage second = message(bob, alice, "g2", "and back");

        produce(first, second);

        waitUntil(() -> CONNECTOR_A.pushesFor(first.conversationId()).size() == 2);
        waitUntil(() -> timer("pigeon.message.pushes.sent", "outcome", "failure").count() > failuresBefore);
        assertThat(rows(first.conversationId())).hasSize(2);
    }

    private Timer timer(String name, String... tags) {
        return meters.get(name).tags(tags).timer();
    }

    private static void waitUntil(BooleanSupplier condition) {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (!condition.getAsBoolean()) {
            assertThat(System.nanoTime()).as("condition not met within %s", WAIT).isLessThan(deadline);
            try {
                TimeUnit.MILLISECONDS.sleep(10);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new AssertionError("interrupted", e);
            }
        }
    }

    @Test
    void multiRowStatementsAreParsedOncePerShape() {
        // mybatis.default-scripting-language-driver: a misspelt key would be ignored and the stock driver used
        assertThat(sessions.getConfiguration().getLanguageDriver(null)).isInstanceOf(CachingXmlLanguageDriver.class);
        assertThat(sessions.getConfiguration().getMappedStatement("io.pigeonim.schema.StoreMapper.insertMessages")
                .getSqlSource().getClass().getEnclosingClass()).isEqualTo(CachingXmlLanguageDriver.class);
    }
}
