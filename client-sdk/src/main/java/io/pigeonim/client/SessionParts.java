package io.pigeonim.client;

import java.time.Clock;
import java.util.concurrent.Executor;
import java.util.concurrent.ScheduledExecutorService;
import java.util.function.Supplier;
import java.util.random.RandomGenerator;

import io.pigeonim.client.store.ClientStore;
import io.pigeonim.client.transport.ServerApi;
import io.pigeonim.client.transport.Transport;

/** What a {@link Session} is built from. */
record SessionParts(String uid, ClientOptions options, Clock clock, ScheduledExecutorService loop, Executor io,
        Transport transport, ServerApi api, Supplier<String> tokens, PigeonListener listener, ClientStore store,
        RandomGenerator random) {
}
