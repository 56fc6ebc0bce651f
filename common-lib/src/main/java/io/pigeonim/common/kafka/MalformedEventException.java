package io.pigeonim.common.kafka;

/** A Kafka record that can never be processed, however often it is retried. */
public final class MalformedEventException extends RuntimeException {

    public MalformedEventException(String message) {
        super(message);
    }
}
