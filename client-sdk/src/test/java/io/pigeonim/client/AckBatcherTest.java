package io.pigeonim.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.AckEntry;

class AckBatcherTest {

    private final Map<String, Long> cursors = Map.of("p:a:b", 9L, "g:x", 4L);
    private final AckBatcher acks = new AckBatcher(ClientOptions.defaults().withAcks(3, Duration.ofMillis(200)),
            c -> cursors.getOrDefault(c, 0L));

    @Test
    void acksEveryNPushedMessagesWithEachConversationsCursorInOneFrame() {
        acks.pushed(0);
        acks.moved("p:a:b", 0);
        acks.pushed(0);
        acks.moved("g:x", 0);
        assertThat(acks.due(10)).isEmpty();
        acks.pushed(10);
        assertThat(acks.due(10)).singleElement().satisfies(a -> assertThat(a.acks())
                .containsExactly(new AckEntry("p:a:b", 9L), new AckEntry("g:x", 4L)));
        assertThat(acks.due(1000)).isEmpty();
    }

    @Test
    void acksAfterTheIntervalEvenWithFewMessages() {
        acks.pushed(100);
        acks.moved("p:a:b", 100);
        assertThat(acks.due(299)).isEmpty();
        assertThat(acks.due(300)).hasSize(1);
    }
}
