package io.pigeonim.common.ack;

import java.util.List;

/**
 * Several devices' acknowledgements in one call ({@code POST /internal/v1/acks/batch}): what a connector
 * instance gathered from its connections within a few milliseconds. Each request is recorded, or refused,
 * on its own.
 */
public record AckBatchRequest(List<AckRequest> requests) {

    /** The most requests one batch may carry. */
    public static final int MAX_REQUESTS = 1000;
}
