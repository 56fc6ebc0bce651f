/** Uplink: a client's send checked (membership, rate, clientId rule), published to Kafka, answered in order. */
package io.pigeonim.connector.uplink;
