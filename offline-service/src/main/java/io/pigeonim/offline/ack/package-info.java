/** Moving cursors: the REST ack endpoint and the client of message-service, the only writer of cursors. */
package io.pigeonim.offline.ack;
