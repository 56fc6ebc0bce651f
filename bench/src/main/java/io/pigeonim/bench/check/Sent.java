package io.pigeonim.bench.check;

/**
 * One message as the bench sent it.
 *
 * @param clientMsgId unique in the run (it carries the run id), so it names the message in every frame
 * @param senderDevice the sending device's key ({@code uid/deviceId}), which gets the message pushed back too
 * @param intendedNanos when the open loop meant to send it ({@link System#nanoTime} scale): latencies start here
 * @param measured whether it belongs to the step's measured window (warm-up sends are checked, not timed)
 */
public record Sent(String clientMsgId, String conversationId, String senderDevice, int step, long intendedNanos,
        boolean measured) {
}
