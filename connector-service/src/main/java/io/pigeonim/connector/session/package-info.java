/** A connection (identity, ordered writes through its outbox, its downlink window) and the registry of this instance's. */
package io.pigeonim.connector.session;
