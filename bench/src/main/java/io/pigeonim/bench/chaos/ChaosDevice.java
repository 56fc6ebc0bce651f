package io.pigeonim.bench.chaos;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Clock;

import io.pigeonim.client.ClientOptions;
import io.pigeonim.client.ConnectionState;
import io.pigeonim.client.MessageState;
import io.pigeonim.client.OutgoingMessage;
import io.pigeonim.client.PigeonClient;
import io.pigeonim.client.PigeonListener;
import io.pigeonim.client.SendUpdate;
import io.pigeonim.client.transport.DevTokens;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;

/**
 * One user's device running the client SDK as an app would (its reconnects, resends, sync and gap filling), reporting
 * what it shows, what the server confirmed and how its connection went to the {@link ChaosChecker}.
 */
final class ChaosDevice implements AutoCloseable {

    private final String key;
    private final PigeonClient client;

    ChaosDevice(URI gateway, HttpClient http, String uid, String deviceId, String token, ClientOptions options,
            ChaosChecker checker, Clock clock, long seed) {
        this.key = key(uid, deviceId);
        // a dev token lasts a day: fetched once, so that a reconnect while the gateway is down waits only for the socket
        this.client = PigeonClient.builder(gateway, uid, deviceId)
                .http(http)
                .tokens(() -> token)
                .options(options)
                .seed(seed)
                .listener(new PigeonListener() {
                    @Override
                    public void onMessage(MessageFrame m) {
                        checker.shown(key, m.conversationId(), m.msgId(), m.clientMsgId(), m.seq(), clock.millis());
                    }

                    @Override
                    public void onSendUpdate(SendUpdate u) {
                        if (u.state().stored() && u.msgId() != null) {
                            checker.stored(u.clientMsgId(), u.msgId());
                        } else if (u.state() == MessageState.FAILED) {
                            checker.failed(u.clientMsgId(), u.reason());
                        }
                    }

                    @Override
                    public void onConnectionState(ConnectionState state) {
                        checker.connection(key, state == ConnectionState.ONLINE || state == ConnectionState.SYNCING,
                                clock.millis());
                    }
                })
                .start();
    }

    /** The checker's name for a device. */
    static String key(String uid, String deviceId) {
        return uid + "/" + deviceId;
    }

    String key() {
        return key;
    }

    void send(OutgoingMessage message) {
        client.send(message);
    }

    int unconfirmedSends() {
        return client.unconfirmedSends();
    }

    static String token(HttpClient http, URI gateway, String uid, String deviceId) {
        return new DevTokens(http, gateway).token(uid, deviceId);
    }

    @Override
    public void close() {
        client.close();
    }
}
