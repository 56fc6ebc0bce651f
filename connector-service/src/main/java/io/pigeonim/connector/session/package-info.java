/** One connection's state: identity, the clientId rule and ordered send_acks, the downlink in-flight window. */
package io.pigeonim.connector.session;
