package io.pigeonim.client.transport;

import java.net.URI;

/**
 * One HTTP stack for everything the SDK sends: the WebSocket, the REST calls and development tokens.
 * {@link JdkNetwork} ({@code java.net.http}, the default on the JVM) or {@link OkHttpNetwork} (Android).
 */
public interface Network {

    /** The WebSocket transport to the gateway at {@code gateway}. */
    Transport transport(URI gateway);

    /** The REST calls of sync, summary and history through the gateway. */
    ServerApi api(URI gateway);

    /** Development tokens from the gateway (local runs and tests only). */
    DevTokens devTokens(URI gateway);
}
