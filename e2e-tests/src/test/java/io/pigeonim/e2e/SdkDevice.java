package io.pigeonim.e2e;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

import io.pigeonim.client.ClientOptions;
import io.pigeonim.client.OutgoingMessage;
import io.pigeonim.client.PigeonClient;
import io.pigeonim.client.PigeonListener;
import io.pigeonim.client.SendUpdate;
import io.pigeonim.client.store.FileClientStore;
import io.pigeonim.client.transport.DevTokens;
import io.pigeonim.client.transport.JdkWebSocketTransport;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;

/**
 * A device running the client SDK the way an app would: what it shows is kept in {@link #shown} (the app's own
 * database, which outlives a restart of the app), its SDK state in a {@link FileClientStore}.
 */
final class SdkDevice implements AutoCloseable {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    final String uid;
    final String deviceId;
    private final URI webSocketVia;
    private final Path storeFile;
    private final ClientOptions options;
    private final Consumer<SendUpdate> updates;
    private final Map<String, List<MessageFrame>> shown = new ConcurrentHashMap<>();
    private final Set<String> msgIds = ConcurrentHashMap.newKeySet();
    private String token;
    private FileClientStore store;
    private PigeonClient client;
    private int starts;

    /** Starts the device; its WebSocket goes through {@code webSocketVia} (a proxy, or the gateway itself). */
    SdkDevice(String uid, String deviceId, URI webSocketVia, Path storeFile, ClientOptions options,
            Consumer<SendUpdate> updates) {
        this.uid = uid;
        this.deviceId = deviceId;
        this.webSocketVia = webSocketVia;
        this.storeFile = storeFile;
        this.options = options;
        this.updates = updates;
        start();
    }

    private void start() {
        store = new FileClientStore(storeFile);
        client = PigeonClient.builder(URI.create(PigeonSystem.GATEWAY), uid, deviceId)
                .http(HTTP)
                // a dev token lasts a day: one per device, not one per reconnect
                .tokens(this::token)
                .transport(new JdkWebSocketTransport(HTTP, webSocketVia))
                .store(store)
                .options(options)
                .seed(uid.hashCode() * 31L + deviceId.hashCode() + starts++)
                .listener(new PigeonListener() {
                    @Override
                    public void onMessage(MessageFrame message) {
                        shown.computeIfAbsent(message.conversationId(), c -> Collections.synchronizedList(new ArrayList<>()))
                                .add(message);
                        msgIds.add(message.msgId());
                    }

                    @Override
                    public void onSendUpdate(SendUpdate update) {
                        updates.accept(update);
                    }
                })
                .start();
    }

    private String token() {
        synchronized (HTTP) {
            if (token == null) {
                token = new DevTokens(HTTP, URI.create(PigeonSystem.GATEWAY)).token(uid, deviceId);
            }
            return token;
        }
    }

    synchronized void send(OutgoingMessage message) {
        client.send(message);
    }

    /** The app is stopped and started again: only the store and the app's own data survive. */
    synchronized void restart() {
        client.close();
        store.close();
        start();
    }

    /** What the app showed in the conversation, in the order it was shown. */
    List<MessageFrame> shown(String conversationId) {
        List<MessageFrame> list = shown.getOrDefault(conversationId, List.of());
        synchronized (list) {
            return List.copyOf(list);
        }
    }

    boolean has(String msgId) {
        return msgIds.contains(msgId);
    }

    int unconfirmedSends() {
        return client.unconfirmedSends();
    }

    @Override
    public synchronized void close() throws IOException {
        client.close();
        store.close();
    }

    @Override
    public String toString() {
        return uid + "/" + deviceId;
    }
}
