package io.pigeonim.client;

import java.net.http.HttpClient;

import io.pigeonim.client.transport.JdkNetwork;
import io.pigeonim.client.transport.Network;
import io.pigeonim.client.transport.OkHttpNetwork;
import okhttp3.OkHttpClient;

/** The SDK's two HTTP stacks, for the tests that run the same scenario over each. */
enum HttpStack {
    JDK,
    OKHTTP;

    /** One OkHttp client for every test, as an app shares one (its threads end by themselves when idle). */
    private static final class Shared {
        static final OkHttpClient OK_HTTP = new OkHttpClient();
    }

    Network network() {
        return this == JDK ? new JdkNetwork(HttpClient.newHttpClient()) : new OkHttpNetwork(Shared.OK_HTTP);
    }
}
