/** message-service: the uplink consumer, the message store and the acknowledgement endpoint. */
package io.pigeonim.message;
