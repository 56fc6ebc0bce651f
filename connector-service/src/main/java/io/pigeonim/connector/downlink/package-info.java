/** Downlink: internal push endpoint, writes to local connections, retransmission until acknowledged. */
package io.pigeonim.connector.downlink;
