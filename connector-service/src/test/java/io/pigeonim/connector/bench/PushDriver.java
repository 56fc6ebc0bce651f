package io.pigeonim.connector.bench;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;

import io.pigeonim.common.frame.ServerFrame;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.MessageIds;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.common.push.PushRequest;
import io.pigeonim.common.push.PushResponse;
import io.pigeonim.testsupport.TestTrust;

/**
 * Stands in for message-service's push side: a batch of stored messages becomes one {@code POST /internal/v1/push}
 * per connector instance holding a member, each push narrowed to the members online there and in batch order (as
 * message-service's PushPlan does), all instances in parallel. Consumer threads run in closed loops like
 * message-service's (push a batch, wait for every answer, take the next batch), each on its own conversations as a
 * Kafka partition would be.
 */
final class PushDriver {

    /** A one-to-one conversation and its two members. */
    record Conversation(String id, String a, String b) {
    }

    private final HttpClient http;
    private final Function<String, ConnectorProcess> instanceOf;
    private final String padding;
    private final Map<String, AtomicLong> seqs = new ConcurrentHashMap<>();
    private volatile boolean running;

    PushDriver(HttpClient http, Function<String, ConnectorProcess> instanceOf, int contentBytes) {
        this.http = http;
        this.instanceOf = instanceOf;
        this.padding = "x".repeat(Math.max(0, contentBytes - 21));
    }

    /**
     * Pushes one message into each conversation (the sender is member {@code a}); completes with the connection
     * writes the instances report. Each single request's round trip goes to {@code requests} when given.
     */
    CompletableFuture<Integer> push(List<Conversation> batch, Throughput requests) {
        long now = System.nanoTime();
        Map<ConnectorProcess, List<PushRequest.Push>> byInstance = new LinkedHashMap<>();
        for (Conversation c : batch) {
            long seq = seqs.computeIfAbsent(c.id(), id -> new AtomicLong()).incrementAndGet();
            String clientMsgId = "m" + seq;
            // the content carries the push's start, so the device can tell the hop's latency
            ServerFrame frame = new StoredMessage(MessageIds.of(c.a(), clientMsgId), c.id(), seq, c.a(),
                    clientMsgId, "text", "t" + now + ":" + padding, System.currentTimeMillis()).frame();
            Map<ConnectorProcess, List<String>> members = new LinkedHashMap<>();
            for (String uid : List.of(c.a(), c.b())) {
                members.computeIfAbsent(instanceOf.apply(uid), i -> new ArrayList<>()).add(uid);
            }
            members.forEach((instance, uids) -> byInstance.computeIfAbsent(instance, i -> new ArrayList<>())
                    .add(new PushRequest.Push(uids, frame)));
        }
        List<CompletableFuture<Integer>> posts = new ArrayList<>();
        byInstance.forEach((instance, pushes) -> posts.add(post(instance, new PushRequest(pushes), requests)));
        return CompletableFuture.allOf(posts.toArray(CompletableFuture[]::new))
                .thenApply(done -> posts.stream().mapToInt(CompletableFuture::join).sum());
    }

    private CompletableFuture<Integer> post(ConnectorProcess instance, PushRequest request, Throughput requests) {
        HttpRequest post = TestTrust.internalPost(URI.create(instance.baseUrl() + "/internal/v1/push"),
                        PigeonJson.mapper().writeValueAsString(request))
                .timeout(Duration.ofSeconds(10))
                .build();
        long start = System.nanoTime();
        return http.sendAsync(post, HttpResponse.BodyHandlers.ofByteArray()).thenApply(response -> {
            if (response.statusCode() != 200) {
                throw new IllegalStateException(instance.baseUrl() + " answered " + response.statusCode());
            }
            if (requests != null) {
                requests.completed(System.nanoTime() - start);
            }
            return PigeonJson.mapper().readValue(response.body(), PushResponse.class).sessions();
        });
    }

    /**
     * Starts {@code consumers} closed loops over batches of {@code batchSize} messages; each loop owns the
     * conversations whose index modulo {@code consumers} is its own. Counts messages in {@code messages} and
     * connection writes in {@code writes}; a failed push counts as a failure of {@code messages}.
     */
    List<Thread> start(List<Conversation> conversations, int consumers, int batchSize, Throughput messages,
            Throughput writes) {
        running = true;
        List<Thread> threads = new ArrayList<>();
        for (int w = 0; w < consumers; w++) {
            List<Conversation> own = new ArrayList<>();
            for (int i = w; i < conversations.size(); i += consumers) {
                own.add(conversations.get(i));
            }
            Thread t = new Thread(() -> loop(own, batchSize, messages, writes), "push-consumer-" + w);
            t.start();
            threads.add(t);
        }
        return threads;
    }

    private void loop(List<Conversation> own, int batchSize, Throughput messages, Throughput writes) {
        int next = 0;
        while (running) {
            List<Conversation> batch = new ArrayList<>(batchSize);
            for (int i = 0; i < batchSize; i++) {
                batch.add(own.get(next++ % own.size()));
            }
            try {
                int sessions = push(batch, null).join();
                messages.counted(batch.size());
                writes.counted(sessions);
            } catch (RuntimeException e) {
                messages.failed();
            }
        }
    }

    /** Stops the loops after their current batch. */
    void stop(List<Thread> threads) throws InterruptedException {
        running = false;
        for (Thread t : threads) {
            t.join();
        }
    }
}
