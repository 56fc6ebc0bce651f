package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

import io.pigeonim.common.frame.ServerFrame;
import tools.jackson.databind.JsonNode;

/**
 * What a client app keeps of the messages it received, from pushes and REST pulls alike: one copy per
 * {@code msgId} (PROTOCOL.md §3: delivery is at-least-once, clients drop what they already have), read back
 * per conversation in seq order.
 */
final class Inbox {

    /** A message as the app stores it. */
    record Message(String conversationId, long seq, String msgId, String senderId, String clientMsgId,
            String content) {

        static Message of(ServerFrame.MessageFrame frame) {
            return new Message(frame.conversationId(), frame.seq(), frame.msgId(), frame.senderId(),
                    frame.clientMsgId(), frame.content());
        }

        static Message of(JsonNode json) {
            return new Message(json.get("conversationId").asString(), json.get("seq").asLong(),
                    json.get("msgId").asString(), json.get("senderId").asString(), json.get("clientMsgId").asString(),
                    json.get("content").asString());
        }
    }

    private final Map<String, Message> byMsgId = new LinkedHashMap<>();
    private int copies;

    /** Keeps {@code message} unless its msgId is already here (then it must be the same message). */
    synchronized boolean add(Message message) {
        copies++;
        Message before = byMsgId.putIfAbsent(message.msgId(), message);
        if (before != null) {
            assertThat(message).as("a second copy of msgId %s", message.msgId()).isEqualTo(before);
            return false;
        }
        return true;
    }

    /** Every copy received, duplicates included. */
    synchronized int copies() {
        return copies;
    }

    synchronized int size() {
        return byMsgId.size();
    }

    /** The distinct messages of a conversation in seq order. */
    synchronized List<Message> conversation(String conversationId) {
        return byMsgId.values().stream().filter(m -> m.conversationId().equals(conversationId))
                .sorted(Comparator.comparingLong(Message::seq)).toList();
    }

    /** Takes pushed {@code message} frames of {@code device} until {@code done} holds (or the wait runs out). */
    void receive(TestClient device, Predicate<Inbox> done) throws InterruptedException {
        while (!done.test(this)) {
            add(Message.of(device.await(ServerFrame.MessageFrame.class, m -> true)));
        }
    }

    /**
     * Pulls everything new for {@code device} with {@code GET /api/v1/sync}, each request acknowledging the
     * page before, until the answer is empty with no next token (PROTOCOL.md §4); returns the requests made.
     */
    int sync(TestClient device, int limit) throws Exception {
        String ack = null;
        int requests = 0;
        while (true) {
            JsonNode page = TestClient.json(device.get("/api/v1/sync?limit=" + limit
                    + (ack == null ? "" : "&ack=" + URLEncoder.encode(ack, StandardCharsets.UTF_8))));
            requests++;
            JsonNode messages = page.get("messages");
            assertThat(messages.size()).isLessThanOrEqualTo(limit);
            for (JsonNode message : messages) {
                add(Message.of(message));
            }
            JsonNode next = page.get("next");
            if (messages.isEmpty() && (next == null || next.isNull())) {
                assertThat(page.get("hasMore").asBoolean()).isFalse();
                return requests;
            }
            if (page.get("hasMore").asBoolean()) {
                assertThat(messages.size()).as("a page holds exactly limit messages while more remain").isEqualTo(limit);
            }
            ack = next.asString();
        }
    }
}
