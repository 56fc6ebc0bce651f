package io.pigeonim.offline.it;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

import io.pigeonim.common.ack.AckBatchResponse;
import io.pigeonim.common.ack.AckRequest;
import io.pigeonim.common.frame.AckEntry;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.testsupport.StandInMessageService;

/**
 * The ack rule of test-support's message-service stand-in over this test's database, with message-service's contract:
 * all or nothing, 400 past the conversation's last seq, 403 for a non-member, cursors written with GREATEST (never
 * backwards) before 200. offline-service's calls must ask for {@code ?flush=now} (a user waits on them).
 *
 * @implNote This repeats the SQL of message-service's {@code AckMapper.xml}: offline-service's sync reads the cursors
 *     back, so an ack must really move them. Running message-service's own mapper here would need its MyBatis
 *     configuration on this module's test classpath (issue 17, left open).
 */
public final class CursorAcks implements StandInMessageService.AckRule {

    private final Store store;

    private CursorAcks(Store store) {
        this.store = store;
    }

    /** The stand-in, started, answering with this rule over {@code store}. */
    public static StandInMessageService start(Store store) {
        return StandInMessageService.builder().acks(new CursorAcks(store)).singleAckQuery("flush=now").start();
    }

    @Override
    public AckBatchResponse.Result answer(AckRequest request) {
        try (Connection c = store.connect()) {
            c.setAutoCommit(false);
            for (AckEntry ack : request.acks()) {
                AckBatchResponse.Result refusal = refusal(c, request.uid(), ack);
                if (refusal != null) {
                    c.rollback();
                    return refusal;
                }
                try (PreparedStatement s = c.prepareStatement("INSERT INTO device_cursor (uid, device_id, conversation_id, "
                        + "ack_seq, updated_at) VALUES (?,?,?,?,?) ON DUPLICATE KEY UPDATE "
                        + "ack_seq = GREATEST(ack_seq, VALUES(ack_seq)), updated_at = VALUES(updated_at)")) {
                    s.setString(1, request.uid());
                    s.setString(2, request.deviceId());
                    s.setString(3, ack.conversationId());
                    s.setLong(4, ack.seq());
                    s.setLong(5, System.currentTimeMillis());
                    s.executeUpdate();
                }
            }
            c.commit();
            return AckBatchResponse.Result.recorded(request.acks());
        } catch (SQLException e) {
            throw new IllegalStateException("acks of " + request.uid() + ": " + e, e);
        }
    }

    private static AckBatchResponse.Result refusal(Connection c, String uid, AckEntry ack) throws SQLException {
        ConversationId id = ConversationId.parse(ack.conversationId());
        try (PreparedStatement s = c.prepareStatement("SELECT max_seq FROM conversation WHERE conversation_id = ?")) {
            s.setString(1, ack.conversationId());
            try (ResultSet r = s.executeQuery()) {
                if (!r.next() || ack.seq() > r.getLong(1)) {
                    return AckBatchResponse.Result.refused(400, "BAD_FRAME",
                            "seq: " + ack.seq() + " is past the last seq of " + ack.conversationId());
                }
            }
        }
        AckBatchResponse.Result notMember = AckBatchResponse.Result.refused(403, "FORBIDDEN",
                "not a member of " + ack.conversationId());
        if (id.isDirect()) {
            return id.hasMember(uid) ? null : notMember;
        }
        try (PreparedStatement s = c.prepareStatement("SELECT 1 FROM user_conversation WHERE uid = ? AND conversation_id = ?")) {
            s.setString(1, uid);
            s.setString(2, ack.conversationId());
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? null : notMember;
            }
        }
    }
}
