package io.pigeonim.message.ack;

import java.time.Duration;

/**
 * @param flushWindow how long acknowledgements are gathered before one transaction records them all; zero records
 *     each request on its own, at once
 */
public record AckBatchSettings(Duration flushWindow) {
}
