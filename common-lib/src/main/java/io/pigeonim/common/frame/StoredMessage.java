package io.pigeonim.common.frame;

/**
 * A stored message as every reader sees it: the one record from which the {@code message} push frame, the sync
 * page and the history page are built (PROTOCOL.md §3 {@code message} without its {@code type}, §4).
 *
 * @param senderId the sending user's uid: the wire's name, used in every record and service
 * @param sendTime server time of acceptance, epoch milliseconds
 * @implNote The sending device is not a field: it is written with the row (column {@code sender_device}) from the
 *     {@link io.pigeonim.common.kafka.UplinkMessage} and read by no one, and PROTOCOL.md shows it to no client.
 *     Kept in {@code frame} next to {@link AckEntry}: like it, a piece of frames that REST pages carry too.
 */
public record StoredMessage(String msgId, String conversationId, long seq, String senderId, String clientMsgId,
        String contentType, String content, long sendTime) {

    /** The {@code message} frame that pushes this message: no copy, the frame holds this record. */
    public ServerFrame.MessageFrame frame() {
        return new ServerFrame.MessageFrame(this);
    }
}
