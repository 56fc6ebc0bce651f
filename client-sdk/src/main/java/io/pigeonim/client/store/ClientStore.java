package io.pigeonim.client.store;

/**
 * The persistence hook: the SDK reports each change of what it must not forget, synchronously and before it
 * acts on it (a send is stored before it is transmitted, a cursor before it is acknowledged), and reads it
 * all back once at start.
 *
 * <p>Called on the SDK's event thread only. An app with its own database implements this in the same
 * transaction that stores the messages it shows, so that "shown" and "cursor moved" cannot part.
 */
public interface ClientStore extends AutoCloseable {

    /** Everything stored; called once, when the client starts. */
    ClientState load();

    /** A new send, before it is transmitted. */
    void sendAdded(StoredSend send);

    /** A send that is confirmed (stored by the server) or failed for good: no longer to be resent. */
    void sendRemoved(String clientMsgId);

    /** Message {@code msgId} with {@code seq} was handed to the app: the conversation's cursor is now {@code seq}. */
    void messageShown(String conversationId, long seq, String msgId);

    @Override
    default void close() {
    }
}
