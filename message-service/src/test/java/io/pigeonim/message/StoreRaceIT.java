package io.pigeonim.message;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.kafka.UplinkMessage;
import io.pigeonim.message.store.MessageStore;
import io.pigeonim.message.store.StoredBatch;
import io.pigeonim.schema.MessageRow;
import io.pigeonim.schema.StoreMapper;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

/**
 * Another consumer (after a rebalance) stores a message of our batch between our dedup query and our insert:
 * we fall back to row by row and treat it as existing. Never a second message.
 */
class StoreRaceIT extends AbstractMessageServiceIT {

    @Autowired
    MessageStore store;

    @Autowired
    StoreMapper writes;

    @Test
    void aMessageStoredConcurrentlyIsTakenAsItIsNotStoredTwice() {
        String alice = uid("alice");
        String bob = uid("bob");
        UplinkMessage raced = message(alice, bob, "race-1", "first");
        UplinkMessage fresh = message(alice, bob, "race-2", "second");
        // another consumer's insert, with the store's own statement
        SEQ.beforeNextAllocation(() -> writes.insertMessages(List.of(new MessageRow(new StoredMessage(raced.msgId(),
                raced.conversationId(), 1000, alice, raced.clientMsgId(), "text", "first", 1), "d9"))));

        StoredBatch batch = store.store(List.of(raced, fresh));

        assertThat(batch.stored()).isEqualTo(1);
        assertThat(batch.duplicates()).isEqualTo(1);
        assertThat(batch.messages()).extracting(StoredMessage::msgId).containsExactly(raced.msgId(), fresh.msgId());
        assertThat(batch.messages().get(0).seq()).isEqualTo(1000);
        assertThat(rows(raced.conversationId())).extracting(row -> row.get("msg_id"))
                .containsExactly(fresh.msgId(), raced.msgId());
        long maxSeq = jdbc.queryForObject("SELECT max_seq FROM conversation WHERE conversation_id = ?", Long.class,
                raced.conversationId());
        assertThat(maxSeq).isEqualTo(batch.messages().get(1).seq());
    }
}
