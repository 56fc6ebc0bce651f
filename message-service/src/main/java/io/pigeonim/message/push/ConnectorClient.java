package io.pigeonim.message.push;

import io.pigeonim.common.http.InternalClient;
import io.pigeonim.common.push.PushRequest;

/** {@code POST <connector>/internal/v1/push}, blocking until answered, with a short timeout. */
final class ConnectorClient {

    private final InternalClient http;

    ConnectorClient(InternalClient http) {
        this.http = http;
    }

    /**
     * Returns on 200; throws otherwise.
     *
     * @throws io.pigeonim.common.http.UnreachableException when the connector did not answer in time
     * @throws PushRefusedException when it answered anything but 200
     */
    void push(String baseUrl, PushRequest request) {
        int status = http.post(baseUrl, "/internal/v1/push", request).status();
        if (status != 200) {
            throw new PushRefusedException("connector " + baseUrl + " answered " + status);
        }
    }

    /** A connector's answer other than 200 to a push. */
    static final class PushRefusedException extends RuntimeException {

        private static final long serialVersionUID = 1L;

        PushRefusedException(String message) {
            super(message, null, false, false);
        }
    }
}
