package io.pigeonim.e2e;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

import io.pigeonim.client.ClientOptions;
import io.pigeonim.client.MessageState;
import io.pigeonim.client.OutgoingMessage;
import io.pigeonim.client.SendUpdate;
import io.pigeonim.common.frame.ServerFrame.MessageFrame;
import io.pigeonim.common.id.ConversationId;

/**
 * The six packets of OneToOneDeliveryIT as an app sees them through the client SDK: a send goes
 * SENDING → SENT → DELIVERED while the peer is online, SENT → STORED_OFFLINE → DELIVERED for a peer that has
 * no device online (until its app starts and syncs), and the sender's other device shows the messages too.
 */
@ExtendWith(PigeonSystem.class)
class SdkDeliveryIT {

    private final String run = UUID.randomUUID().toString().substring(0, 8);
    private final Map<String, List<MessageState>> states = new ConcurrentHashMap<>();

    @TempDir
    Path stores;

    @Test
    void sentDeliveredAndStoredForOfflineAsTheAppSeesIt() throws Exception {
        String alice = "alice-" + run;
        String bob = "bob-" + run;
        String carl = "carl-" + run;
        String conversation = ConversationId.direct(alice, bob).value();
        URI gateway = URI.create(PigeonSystem.GATEWAY);
        ClientOptions options = ClientOptions.defaults();
        try (SdkDevice phone = new SdkDevice(alice, "phone", gateway, stores.resolve("a-phone"), options, this::record);
                SdkDevice laptop = new SdkDevice(alice, "laptop", gateway, stores.resolve("a-laptop"), options, this::record);
                SdkDevice bobPhone = new SdkDevice(bob, "phone", gateway, stores.resolve("b-phone"), options, this::record)) {
            List<OutgoingMessage> online = messages(conversation, "online", 5);
            online.forEach(phone::send);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(bobPhone.shown(conversation)).extracting(MessageFrame::clientMsgId)
                        .containsExactlyElementsOf(ids(online));
                assertThat(online).allMatch(m -> last(m) == MessageState.DELIVERED);
            });
            assertThat(states.get(online.get(0).clientMsgId()))
                    .containsSubsequence(MessageState.SENDING, MessageState.SENT, MessageState.DELIVERED);

            // carl has never been online: the server stands in, and carl's first start syncs them
            String toCarl = ConversationId.direct(alice, carl).value();
            List<OutgoingMessage> offline = messages(toCarl, "offline", 3);
            offline.forEach(phone::send);
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() ->
                    assertThat(offline).allMatch(m -> last(m) == MessageState.STORED_OFFLINE));
            try (SdkDevice carlPhone = new SdkDevice(carl, "phone", gateway, stores.resolve("c-phone"), options, this::record)) {
                await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                    assertThat(carlPhone.shown(toCarl)).extracting(MessageFrame::clientMsgId)
                            .containsExactlyElementsOf(ids(offline));
                    assertThat(offline).allMatch(m -> last(m) == MessageState.DELIVERED);
                });
            }
            // the sender's other device shows what its phone sent, in the same order
            await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> {
                assertThat(laptop.shown(conversation)).extracting(MessageFrame::clientMsgId)
                        .containsExactlyElementsOf(ids(online));
                assertThat(laptop.shown(toCarl)).extracting(MessageFrame::clientMsgId)
                        .containsExactlyElementsOf(ids(offline));
            });
            assertThat(laptop.shown(conversation)).extracting(MessageFrame::seq).isSorted().doesNotHaveDuplicates();
        }
    }

    private void record(SendUpdate update) {
        states.computeIfAbsent(update.clientMsgId(), id -> new java.util.concurrent.CopyOnWriteArrayList<>())
                .add(update.state());
    }

    private MessageState last(OutgoingMessage m) {
        List<MessageState> list = states.getOrDefault(m.clientMsgId(), List.of());
        return list.isEmpty() ? null : list.get(list.size() - 1);
    }

    private static List<OutgoingMessage> messages(String conversation, String prefix, int n) {
        List<OutgoingMessage> messages = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            messages.add(OutgoingMessage.text(conversation, prefix + " " + i));
        }
        return messages;
    }

    private static List<String> ids(List<OutgoingMessage> messages) {
        return messages.stream().map(OutgoingMessage::clientMsgId).toList();
    }
}
