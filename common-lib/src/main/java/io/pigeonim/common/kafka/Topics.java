package io.pigeonim.common.kafka;

/** Kafka topic names shared by producers and consumers. */
public final class Topics {

    /** Accepted sends, connector → message-service; key = conversationId so one conversation stays in order. */
    public static final String UPLINK = "pigeon.uplink.v1";
    /** Uplink records that can never be processed (corrupt payload), kept for operators. */
    public static final String UPLINK_DEAD_LETTER = "pigeon.uplink.v1.dlt";
    /** Header on a dead letter saying why it was set aside. */
    public static final String DEAD_LETTER_REASON_HEADER = "pigeon-dlt-reason";

    private Topics() {
    }
}
