/** Kafka topics and the event records that travel on them between services. */
package io.pigeonim.common.kafka;
