package io.pigeonim.connector.config;

import java.time.Duration;

import jakarta.validation.Valid;
import jakarta.validation.constraints.AssertTrue;
import jakarta.validation.constraints.DecimalMin;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Positive;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

import io.pigeonim.tokenauth.TokenSettings;

/**
 * Configuration of connector-service, prefix {@code pigeon.connector}.
 *
 * @param advertisedUrl base URL other services reach this instance at (pushes)
 * @param messageUrl base URL of message-service (acks)
 * @param uplinkTopic Kafka topic of accepted sends (tests use their own)
 */
@Validated
@ConfigurationProperties("pigeon.connector")
public record ConnectorProperties(
        @NotBlank @DefaultValue("http://localhost:8081") String advertisedUrl,
        @NotBlank @DefaultValue("http://localhost:8082") String messageUrl,
        @NotBlank @DefaultValue("pigeon.uplink.v1") String uplinkTopic,
        @Valid @NotNull @DefaultValue Ws ws,
        @Valid @NotNull @DefaultValue Uplink uplink,
        @Valid @NotNull @DefaultValue Downlink downlink,
        @Valid @NotNull @DefaultValue Ack ack,
        @Valid @NotNull @DefaultValue Route route,
        @Valid @NotNull @DefaultValue Budget budget) {

    /**
     * @param idleTimeout a connection silent this long is closed with 1000 "idle"
     * @param badFrameLimit more bad frames than this within {@code badFrameWindow} close with 1008
     * @param sendBufferBytes outbound frames queued per connection (counted in characters) before it is closed as a slow consumer
     * @param sendTimeLimit how long one write to the client may take before the connection is closed as a slow consumer
     * @param closeSpread on shutdown, the 1012 closes are spread evenly over this period, so that the clients of an
     *     instance do not all reconnect (and sync) in the same second; 0 closes all at once (the local run)
     * @param maxDevicesPerUser devices one user may have online at once, over all instances (a new deviceId past it
     *     is refused 429 at the upgrade; a device reconnecting is never refused)
     * @param authentication who vouches for an upgrade's identity: {@code gateway} (the gateway's signed identity
     *     only: devices reach the connectors through the gateway) or {@code token} (the client's JWT, for devices
     *     that reach the connectors straight from the load balancer; an upgrade the gateway proxied still passes),
     *     ADR 0017
     * @param jwt how the client's token is verified in {@code token} mode: the gateway's settings
     */
    public record Ws(
            @NotNull @DefaultValue("90s") Duration idleTimeout,
            @NotNull @DefaultValue("5s") Duration idleCheckInterval,
            @Min(1) @DefaultValue("20") int badFrameLimit,
            @NotNull @DefaultValue("10s") Duration badFrameWindow,
            @Min(4096) @DefaultValue("1048576") int sendBufferBytes,
            @NotNull @DefaultValue("10s") Duration sendTimeLimit,
            @NotNull @DefaultValue("0s") Duration closeSpread,
            @Min(1) @DefaultValue("16") int maxDevicesPerUser,
            @NotNull @DefaultValue("gateway") Authentication authentication,
            @Valid @NotNull @DefaultValue TokenSettings jwt) {
    }

    /** {@link Ws#authentication()}. */
    public enum Authentication {
        /** The gateway's signed identity only. */
        GATEWAY,
        /** The client's own token, or the gateway's signed identity. */
        TOKEN
    }

    /**
     * @param answeredWindow accepted sends remembered per connection, to check resends against
     * @param maxQueuedSends send_acks waiting per connection before sends are refused RATE_LIMITED
     * @param unavailableCoolDown after a failed publish, how long new sends are refused UNAVAILABLE
     * @param publishTimeout how long an accepted send waits for the broker before the connection gets
     *     UNAVAILABLE and 1013; the record stays in the producer and is still delivered, in order, when the
     *     broker returns (the producer's own delivery timeout is unbounded), so the client's resend is a
     *     duplicate the store drops and a later send can never overtake it
     */
    public record Uplink(
            @Positive @DefaultValue("200") double ratePerSecond,
            @Positive @DefaultValue("500") double burst,
            @Min(2) @DefaultValue("4096") int answeredWindow,
            @Min(1) @DefaultValue("2048") int maxQueuedSends,
            @NotNull @DefaultValue("5s") Duration unavailableCoolDown,
            @NotNull @DefaultValue("10s") Duration publishTimeout,
            @Min(1) @DefaultValue("4") int completionThreads) {

        @AssertTrue(message = "maxQueuedSends must be below answeredWindow")
        public boolean isQueueWithinWindow() {
            return maxQueuedSends < answeredWindow;
        }
    }

    /**
     * @param inflightWindow unacknowledged messages per connection; past it pushes wait for acks
     * @param waitingLimit pushes waiting per connection for room in the window; past it the connection is
     *     closed with 1013 and the client syncs
     * @param maxRetransmits how often one message is sent again at most
     */
    public record Downlink(
            @Min(1) @DefaultValue("256") int inflightWindow,
            @Min(0) @DefaultValue("256") int waitingLimit,
            @NotNull @DefaultValue("5s") Duration retransmitInitial,
            @DecimalMin("1.0") @DefaultValue("2") double retransmitMultiplier,
            @NotNull @DefaultValue("60s") Duration retransmitMax,
            @Min(1) @DefaultValue("5") int maxRetransmits,
            @NotNull @DefaultValue("100ms") Duration wheelTick,
            @Min(1) @DefaultValue("512") int wheelSize,
            @Min(1) @DefaultValue("2") int retransmitThreads) {
    }

    /**
     * @param httpThreads threads of the internal HTTP client (acks, membership checks, replacements)
     * @param batchWindow how long an ack waits for others from this instance's connections before they are
     *     recorded together in one call (0: each at once)
     */
    public record Ack(
            @NotNull @DefaultValue("2s") Duration connectTimeout,
            @NotNull @DefaultValue("5s") Duration timeout,
            @NotNull @DefaultValue("50ms") Duration batchWindow,
            @Min(1) @DefaultValue("4") int httpThreads) {
    }

    /**
     * @param ttl expiry of a user's route hash, written again on connect and every {@code refreshInterval}
     * @param connectorTtl expiry of this instance's liveness key, refreshed every {@code heartbeat}
     * @param heartbeat how often the liveness key is written; a heartbeat that finds it gone (Redis lost its data)
     *     writes every local route again, so this bounds how long pushes miss devices after such a loss
     */
    public record Route(
            @NotNull @DefaultValue("1d") Duration ttl,
            @NotNull @DefaultValue("6h") Duration refreshInterval,
            @NotNull @DefaultValue("30s") Duration connectorTtl,
            @NotNull @DefaultValue("2s") Duration heartbeat) {
    }

    /**
     * What one instance takes before it refuses new upgrades with 503 (and reports not ready): existing connections
     * are never touched (issue 18, docs/performance.md).
     *
     * @param maxConnections the most open connections; 0: derived from the heap, (max heap - {@code heapReserve}) /
     *     {@code bytesPerConnection}; either way at most the open-file limit less {@code fileReserve}
     * @param bytesPerConnection heap one connection is budgeted at: an idle one measured 20 KB with the buffers sized
     *     in WebSocketConfiguration (81.6 KB with Tomcat's defaults), plus a fifth for the frames of active ones
     * @param heapReserve heap kept for everything that is not a connection
     * @param fileReserve open files kept for everything that is not a connection (jars, Kafka, Redis, HTTP clients)
     * @param maxHeapShare refuse while the old generation's live set (after its last GC) is above this share of it
     * @param retryAfter the {@code Retry-After} of a refusal for a budget (for the rate: the refusal's slot at the rate,
     *     {@code RetrySlots})
     * @param upgradesPerSecond new connections admitted a second, so that a reconnect storm (another instance died)
     *     arrives spread out: 1,000/s brings 15,000 devices back in 13 s after the burst; a warm instance took
     *     1,400-1,500 upgrades a second on 2 shared cores, about 0.7 ms of CPU each (docs/performance.md,
     *     connections). At 500/s the upgrades alone took 28 of a kill's 30 s.
     * @param upgradeBurst upgrades admitted at once before the rate applies
     */
    public record Budget(
            @Min(0) @DefaultValue("0") int maxConnections,
            @Min(1024) @DefaultValue("24576") long bytesPerConnection,
            @Min(0) @DefaultValue("67108864") long heapReserve,
            @Min(0) @DefaultValue("512") long fileReserve,
            @DecimalMin("0.1") @DefaultValue("0.85") double maxHeapShare,
            @NotNull @DefaultValue("5s") Duration retryAfter,
            @Positive @DefaultValue("1000") double upgradesPerSecond,
            @Positive @DefaultValue("2000") double upgradeBurst) {
    }
}
