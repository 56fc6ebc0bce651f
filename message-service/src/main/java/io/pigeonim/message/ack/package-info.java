/** Records device acknowledgements as cursors and tells the peer of a one-to-one conversation. */
package io.pigeonim.message.ack;
