package io.pigeonim.message.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import io.pigeonim.schema.MembershipRow;
import org.junit.jupiter.api.Test;

class KnownMembershipsTest {

    private static List<MembershipRow> both(String conversationId, String a, String b) {
        return List.of(new MembershipRow(a, conversationId), new MembershipRow(b, conversationId));
    }

    @Test
    void rowsOfACommittedConversationAreNotInsertedAgain() {
        KnownMemberships known = new KnownMemberships(10);
        List<MembershipRow> ab = both("p:alice:bob", "alice", "bob");
        List<MembershipRow> cd = both("p:carol:dave", "carol", "dave");

        assertThat(known.unknown(ab)).isEqualTo(ab);
        known.committed(ab);

        assertThat(known.unknown(ab)).isEmpty();
        assertThat(known.unknown(List.of(ab.get(0), cd.get(0), cd.get(1)))).containsExactlyElementsOf(cd);
    }

    @Test
    void aRolledBackInsertIsNotRemembered() {
        KnownMemberships known = new KnownMemberships(10);
        List<MembershipRow> ab = both("p:alice:bob", "alice", "bob");

        known.unknown(ab); // the transaction that would have inserted them rolls back: committed() is never called

        assertThat(known.unknown(ab)).isEqualTo(ab);
    }

    @Test
    void theOldestConversationsAreForgottenPastTheCapacity() {
        KnownMemberships known = new KnownMemberships(2);
        List<MembershipRow> first = both("p:a:b", "a", "b");
        known.committed(first);
        known.committed(both("p:c:d", "c", "d"));
        known.committed(both("p:e:f", "e", "f"));

        assertThat(known.unknown(first)).isEqualTo(first);
        assertThat(known.unknown(both("p:e:f", "e", "f"))).isEmpty();
    }
}
