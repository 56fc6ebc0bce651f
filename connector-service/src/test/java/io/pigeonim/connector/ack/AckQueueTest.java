package io.pigeonim.connector.ack;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

import io.pigeonim.common.frame.AckEntry;

class AckQueueTest {

    private static List<AckEntry> ack(String conversation, long seq) {
        return List.of(new AckEntry(conversation, seq));
    }

    @Test
    void theFirstAckStartsARecordingAndAcksReadMeanwhileWaitMergedHighestSeqWinning() {
        AckQueue queue = new AckQueue();
        assertThat(queue.offer(ack("p:a:b", 3), true)).as("idle: record now").isTrue();
        assertThat(queue.take()).containsExactly(ack("p:a:b", 3));

        for (long seq = 4; seq <= 40; seq++) {
            assertThat(queue.offer(ack("p:a:b", seq), true)).as("a recording is under way").isFalse();
        }
        queue.offer(ack("p:a:c", 9), true);
        queue.offer(ack("p:a:b", 12), true); // late and lower: never moves the merged seq back

        assertThat(queue.take()).as("one request for 39 frames")
                .containsExactly(List.of(new AckEntry("p:a:b", 40L), new AckEntry("p:a:c", 9L)));
        assertThat(queue.take()).as("nothing waits: idle again").isEmpty();
        assertThat(queue.offer(ack("p:a:b", 41), true)).isTrue();
    }

    @Test
    void framesNotVouchedForWaitAsRequestsOfTheirOwnSoOneBadEntryRefusesOnlyItsFrame() {
        AckQueue queue = new AckQueue();
        queue.offer(ack("p:a:b", 1), true);
        queue.take();

        queue.offer(ack("p:a:b", 2), true);
        queue.offer(ack("p:a:x", 99), false);
        queue.offer(ack("p:a:b", 3), true);
        queue.offer(ack("p:a:y", 5), false);

        assertThat(queue.take()).containsExactly(ack("p:a:b", 3), ack("p:a:x", 99), ack("p:a:y", 5));
    }

    @Test
    void pastItsLimitOfSeparateRequestsAFloodOfUnvouchedFramesIsMergedToo() {
        AckQueue queue = new AckQueue();
        queue.offer(ack("p:a:b", 1), true);
        queue.take();
        for (int i = 1; i <= AckQueue.SEPARATE_LIMIT + 50; i++) {
            queue.offer(ack("p:a:x", i), false);
        }
        List<List<AckEntry>> next = queue.take();
        assertThat(next).hasSize(AckQueue.SEPARATE_LIMIT + 1);
        assertThat(next.get(0)).as("the merged rest").containsExactly(new AckEntry("p:a:x", AckQueue.SEPARATE_LIMIT + 50L));
    }

    @Test
    void aClearedQueueStillEndsItsRecording() {
        AckQueue queue = new AckQueue();
        queue.offer(ack("p:a:b", 1), true);
        queue.take();
        queue.offer(ack("p:a:b", 2), true);
        queue.clear();
        assertThat(queue.take()).isEmpty();
        assertThat(queue.offer(ack("p:a:b", 3), true)).isTrue();
    }
}
