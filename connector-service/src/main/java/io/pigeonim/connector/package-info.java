/** connector-service: WebSocket connections, the clientId rule, uplink to Kafka, downlink push and retransmission. */
package io.pigeonim.connector;
