package io.pigeonim.client.store;

import java.util.Objects;

import io.pigeonim.client.OutgoingMessage;

/** A send the server has not confirmed yet, and when the app asked for it (its deadline runs from then). */
public record StoredSend(OutgoingMessage message, long createdAtMillis) {

    public StoredSend {
        Objects.requireNonNull(message, "message");
    }
}
