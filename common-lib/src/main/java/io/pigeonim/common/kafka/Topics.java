package io.pigeonim.common.kafka;

/** Kafka topic names shared by producers and consumers. */
public final class Topics {

    /** Accepted sends, connector → message-service; key = conversationId so one conversation stays in order. */
    public static final String UPLINK = "pigeon.uplink.v1";
    /** Uplink records that can never be processed (corrupt payload), kept for operators. */
    public static final String UPLINK_DEAD_LETTER = "pigeon.uplink.v1.dlt";
    /** Header on a dead letter saying why it was set aside. */
    public static final String DEAD_LETTER_REASON_HEADER = "pigeon-dlt-reason";
    /** Appended to the uplink topic's name: the topic of records parked after failing again and again. */
    public static final String RETRY_SUFFIX = ".retry";
    /**
     * Well-formed uplink records whose store kept failing while its dependencies answered (a deterministic error),
     * parked to be tried again later, with a growing pause (ADR 0019); message-service consumes it.
     */
    public static final String UPLINK_RETRY = UPLINK + RETRY_SUFFIX;
    /** Header on a parked record: the last error that parked it. */
    public static final String RETRY_REASON_HEADER = "pigeon-retry-reason";
    /** Header on a parked record: how many times it was parked (1 the first time), in decimal text. */
    public static final String RETRY_ATTEMPT_HEADER = "pigeon-retry-attempt";
    /** Header on a parked record: when it may be tried again, epoch milliseconds in decimal text. */
    public static final String RETRY_DUE_HEADER = "pigeon-retry-due";

    private Topics() {
    }
}
