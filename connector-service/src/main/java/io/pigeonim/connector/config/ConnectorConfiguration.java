package io.pigeonim.connector.config;

import java.time.Clock;
import java.time.Duration;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.env.Environment;
import org.springframework.data.redis.core.StringRedisTemplate;
import org.springframework.kafka.core.KafkaTemplate;
import org.springframework.kafka.support.ProducerListener;
import org.springframework.web.client.RestClient;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.micrometer.tracing.Tracer;
import io.micrometer.tracing.propagation.Propagator;
import io.pigeonim.common.http.InternalClient;
import io.pigeonim.common.limit.RateLimiter;
import io.pigeonim.common.limit.TokenBucket;
import io.pigeonim.common.trace.Traces;
import io.pigeonim.common.trust.ServiceTrust;
import io.pigeonim.connector.ack.AckClient;
import io.pigeonim.connector.ack.AckHandler;
import io.pigeonim.connector.ack.BatchingAckClient;
import io.pigeonim.connector.downlink.DeliveryWindows;
import io.pigeonim.connector.downlink.PushDispatcher;
import io.pigeonim.connector.downlink.RetransmitSchedule;
import io.pigeonim.connector.downlink.Retransmitter;
import io.pigeonim.connector.downlink.TimingWheel;
import io.pigeonim.connector.route.RedisRouteRegistry;
import io.pigeonim.connector.route.ReplacementNotifier;
import io.pigeonim.connector.route.RouteRegistry;
import io.pigeonim.connector.session.SessionRegistry;
import io.pigeonim.connector.uplink.ConversationAccess;
import io.pigeonim.connector.uplink.KafkaUplinkPublisher;
import io.pigeonim.connector.uplink.MembershipAccess;
import io.pigeonim.connector.uplink.SendHandler;
import io.pigeonim.connector.uplink.UplinkPublisher;
import io.pigeonim.connector.uplink.UplinkReadiness;
import io.pigeonim.connector.ws.Admission;
import io.pigeonim.connector.ws.CloseCounter;
import io.pigeonim.connector.ws.ConnectionHandler;
import io.pigeonim.connector.ws.ConnectionRoutes;
import io.pigeonim.connector.ws.IdleConnectionSweeper;

/** Wires the feature packages together. */
@Configuration(proxyBeanMethods = false)
class ConnectorConfiguration {

    private static final Logger log = LoggerFactory.getLogger(ConnectorConfiguration.class);

    @Bean
    Clock clock() {
        return Clock.systemUTC();
    }

    /** Tracing of our own work and calls, on with {@code TRACING_ENABLED} (docs/operations.md, Tracing). */
    @Bean
    Traces traces(Environment environment, ObjectProvider<Tracer> tracer, ObjectProvider<Propagator> propagator) {
        return Traces.of(environment.getProperty(Traces.ENABLED_PROPERTY, Boolean.class, false),
                tracer.getIfAvailable(), propagator.getIfAvailable());
    }

    @Bean
    SessionRegistry sessionRegistry(MeterRegistry meters) {
        SessionRegistry sessions = new SessionRegistry();
        Gauge.builder("pigeon.connector.connections", sessions, SessionRegistry::size)
                .description("open WebSocket connections on this instance").register(meters);
        return sessions;
    }

    @Bean
    RouteRegistry routeRegistry(StringRedisTemplate redis, ConnectorProperties props) {
        return new RedisRouteRegistry(redis, UUID.randomUUID().toString(), props.advertisedUrl(),
                props.route().ttl(), props.route().connectorTtl());
    }

    @Bean
    ConnectionRoutes connectionRoutes(SessionRegistry sessions, RouteRegistry routes, InternalClient internalHttp,
            Clock clock) {
        return new ConnectionRoutes(sessions, routes, new ReplacementNotifier(routes, internalHttp, clock));
    }

    /**
     * The one client for calls to other services (message-service, other connector instances), connections reused;
     * its threads ({@code internal-http-N}) make the asynchronous calls (ack batches, replacements): none per call.
     */
    @Bean(destroyMethod = "close")
    InternalClient internalHttp(RestClient.Builder restClients, ServiceTrust trust, ConnectorProperties props,
            Traces traces) {
        return InternalClient.builder(restClients).name("internal").trust(trust)
                .timeouts(props.ack().connectTimeout(), props.ack().timeout()).threads(props.ack().httpThreads())
                .traces(traces).build();
    }

    /** Failed sends are logged once per outage by the publisher, not once per record by spring-kafka. */
    @Bean
    ProducerListener<Object, Object> kafkaProducerListener() {
        return new ProducerListener<>() {
        };
    }

    @Bean
    ConversationAccess conversationAccess(StringRedisTemplate redis, InternalClient internalHttp,
            ConnectorProperties props) {
        return new MembershipAccess(redis, internalHttp, props.messageUrl());
    }

    @Bean
    RateLimiter sendRateLimiter(ConnectorProperties props) {
        return new RateLimiter(props.uplink().ratePerSecond(), props.uplink().burst(), System::nanoTime);
    }

    @Bean
    KafkaUplinkPublisher uplinkPublisher(KafkaTemplate<String, byte[]> kafka, ConnectorProperties props, Clock clock) {
        return new KafkaUplinkPublisher(kafka, props.uplinkTopic(), clock, props.uplink().unavailableCoolDown(),
                props.uplink().publishTimeout());
    }

    /** Whether an upgrade is admitted: the instance's budget of connections, heap and open files. */
    @Bean
    Admission admission(SessionRegistry sessions, ConnectorProperties props) {
        ConnectorProperties.Budget b = props.budget();
        int byHeap = Admission.budgetFor(Runtime.getRuntime().maxMemory(), b.heapReserve(), b.bytesPerConnection());
        int byFiles = Admission.budgetForFiles(Admission.maxFileDescriptors(), b.fileReserve());
        int max = b.maxConnections() > 0 ? Math.min(b.maxConnections(), byFiles) : Math.min(byHeap, byFiles);
        log.info("connection budget: {} connections ({}; heap allows {}, open files {}), refusing past {} % of the "
                + "old generation after GC", max, b.maxConnections() > 0 ? "configured" : "derived", byHeap,
                byFiles == Integer.MAX_VALUE ? "no limit" : byFiles, Math.round(b.maxHeapShare() * 100));
        return new Admission(sessions::size, max, b.maxHeapShare(), Admission.oldGenerationAfterGc(),
                new TokenBucket(b.upgradesPerSecond(), b.upgradeBurst(), System.nanoTime()), System::nanoTime);
    }

    /** Health indicator "admission", part of the readiness group: out of service while upgrades are refused. */
    @Bean
    HealthIndicator admissionHealthIndicator(Admission admission, MeterRegistry meters) {
        Gauge.builder("pigeon.connector.connections.budget", admission, Admission::maxConnections)
                .description("Connections this instance takes before it refuses upgrades").register(meters);
        return () -> {
            Admission.Verdict verdict = admission.budget();
            return (verdict == Admission.Verdict.ADMIT ? Health.up() : Health.outOfService())
                    .withDetail("connections", admission.open()).withDetail("budget", admission.maxConnections())
                    .withDetail("verdict", verdict.name()).build();
        };
    }

    /** Health indicator "uplink", part of the readiness group (application.yml). */
    @Bean(initMethod = "start", destroyMethod = "stop")
    UplinkReadiness uplinkHealthIndicator(KafkaUplinkPublisher publisher) {
        return new UplinkReadiness(publisher::warmUp, Duration.ofSeconds(1));
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService uplinkCompletions(ConnectorProperties props) {
        return pool("uplink-completion", props.uplink().completionThreads());
    }

    @Bean
    SendHandler sendHandler(ConversationAccess access, RateLimiter limiter, UplinkPublisher publisher,
            ExecutorService uplinkCompletions, Clock clock, MeterRegistry meters, Traces traces) {
        return new SendHandler(access, limiter, publisher, uplinkCompletions, clock, meters, traces);
    }

    @Bean(destroyMethod = "close")
    BatchingAckClient ackClient(InternalClient internalHttp, ConnectorProperties props) {
        return new BatchingAckClient(internalHttp, props.messageUrl(), props.ack().batchWindow());
    }

    @Bean
    AckHandler ackHandler(AckClient client, MeterRegistry meters, PushDispatcher pushes, Clock clock) {
        return new AckHandler(client, pushes, meters, System::nanoTime, clock::millis);
    }

    @Bean(destroyMethod = "shutdown")
    ExecutorService retransmitWorkers(ConnectorProperties props) {
        return pool("retransmit", props.downlink().retransmitThreads());
    }

    @Bean(initMethod = "start", destroyMethod = "close")
    TimingWheel timingWheel(ConnectorProperties props, ExecutorService retransmitWorkers, Clock clock) {
        return new TimingWheel(props.downlink().wheelSize(), props.downlink().wheelTick().toMillis(),
                retransmitWorkers, clock::millis);
    }

    @Bean
    Retransmitter retransmitter(TimingWheel wheel, ConnectorProperties props, Clock clock, MeterRegistry meters) {
        ConnectorProperties.Downlink d = props.downlink();
        RetransmitSchedule schedule = new RetransmitSchedule(d.retransmitInitial(), d.retransmitMultiplier(),
                d.retransmitMax(), d.maxRetransmits());
        return new Retransmitter(wheel, schedule, clock, meters.counter("pigeon.connector.retransmits"),
                Counter.builder("pigeon.connector.deliveries.abandoned")
                        .description("message frames given up after their last retransmission (the device syncs them)")
                        .register(meters));
    }

    @Bean
    DeliveryWindows deliveryWindows(ConnectorProperties props) {
        return new DeliveryWindows(props.downlink().inflightWindow(), props.downlink().waitingLimit());
    }

    @Bean
    PushDispatcher pushDispatcher(SessionRegistry sessions, DeliveryWindows windows, Retransmitter retransmitter,
            MeterRegistry meters, Clock clock) {
        Timer age = Timer.builder("pigeon.connector.push.age")
                .description("Per pushed message: time since this or another instance accepted it (server clocks)")
                .publishPercentiles(0.5, 0.99, 0.999).register(meters);
        Counter late = Counter.builder("pigeon.connector.pushes.late")
                .description("Message frames not written: a later seq of their conversation was pushed to the "
                        + "connection first (an overtaken push request); the device fills the gap from history")
                .register(meters);
        return new PushDispatcher(sessions, windows, retransmitter, meters.counter("pigeon.connector.pushes.sent"),
                late, age, clock::millis);
    }

    @Bean
    ConnectionHandler connectionHandler(ConnectionRoutes routes, SendHandler sends, AckHandler acks, Clock clock,
            ConnectorProperties props, MeterRegistry meters, DeliveryWindows windows) {
        ConnectorProperties.Ws ws = props.ws();
        ConnectionHandler.Limits limits = new ConnectionHandler.Limits((int) ws.sendTimeLimit().toMillis(),
                ws.sendBufferBytes(), props.uplink().answeredWindow(), props.uplink().maxQueuedSends(),
                ws.badFrameLimit(), ws.badFrameWindow().toMillis());
        return new ConnectionHandler(routes, sends, acks, clock, limits, new CloseCounter(meters), windows::closed);
    }

    @Bean
    IdleConnectionSweeper idleConnectionSweeper(SessionRegistry sessions, Clock clock, ConnectorProperties props) {
        return new IdleConnectionSweeper(sessions, clock, props.ws().idleTimeout());
    }

    private static ExecutorService pool(String name, int threads) {
        AtomicInteger n = new AtomicInteger();
        return new ThreadPoolExecutor(threads, threads, 60, TimeUnit.SECONDS, new LinkedBlockingQueue<>(), r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }
}
