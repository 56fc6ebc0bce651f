package io.pigeonim.client;

import io.pigeonim.common.frame.ServerFrame.MessageFrame;

/**
 * What the app hears from the SDK. Called on the SDK's event thread, one call at a time, in order: a listener
 * must not block (hand heavy work to your own executor). Returning from {@link #onMessage} means the app has
 * the message: only then does the cursor move and the acknowledgement go out.
 */
public interface PigeonListener {

    /** A new message, exactly once, in seq order within its conversation (the device's own included). */
    default void onMessage(MessageFrame message) {
    }

    /** A message this device sent changed state. */
    default void onSendUpdate(SendUpdate update) {
    }

    /** The connection changed state. */
    default void onConnectionState(ConnectionState state) {
    }
}
