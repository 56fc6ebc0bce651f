package io.pigeonim.offline.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.UUID;

import org.flywaydb.core.Flyway;

import io.pigeonim.testsupport.TestDatabase;

/**
 * Writes the message store the way message-service does (messages, conversation.max_seq, the user's conversation
 * index) and reads cursors, over plain JDBC against the test database.
 */
public final class Store {

    private final TestDatabase db;

    public Store(TestDatabase db) {
        this.db = db;
    }

    public static Store migrated(TestDatabase db) {
        Flyway.configure().dataSource(db.jdbcUrl(), db.username(), db.password())
                .locations("classpath:db/migration/pigeon").load().migrate();
        return new Store(db);
    }

    public TestDatabase database() {
        return db;
    }

    /** Drops the database (a benchmark's 300 MB should not outlive it on the shared server). */
    public void drop() {
        try (Connection c = connect(); java.sql.Statement s = c.createStatement()) {
            s.execute("DROP DATABASE `" + db.name() + "`");
        } catch (SQLException e) {
            System.err.println("could not drop " + db.name() + ": " + e.getMessage());
        }
    }

    public Connection connect() throws SQLException {
        return DriverManager.getConnection(db.jdbcUrl(), db.username(), db.password());
    }

    /** Stores messages with the given seqs (one transaction), raising max_seq; a 1:1 conversation indexes both members. */
    public void messages(String conversationId, long... seqs) {
        try (Connection c = connect()) {
            c.setAutoCommit(false);
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO message (conversation_id, seq, msg_id, sender_uid, "
                    + "sender_device, client_msg_id, content_type, content, send_time) VALUES (?,?,?,?,?,?,?,?,?)")) {
                long max = 0;
                for (long seq : seqs) {
                    String id = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
                    insert.setString(1, conversationId);
                    insert.setLong(2, seq);
                    insert.setString(3, id);
                    insert.setString(4, "sender");
                    insert.setString(5, "sd");
                    insert.setString(6, id);
                    insert.setString(7, "text");
                    insert.setString(8, "hello " + conversationId + " #" + seq);
                    insert.setLong(9, 1_763_800_000_000L + seq);
                    insert.addBatch();
                    max = Math.max(max, seq);
                }
                insert.executeBatch();
                conversation(c, conversationId, max);
            }
            if (conversationId.startsWith("p:")) {
                String[] parts = conversationId.split(":");
                member(c, parts[1], conversationId, 0, null);
                member(c, parts[2], conversationId, 0, null);
            }
            c.commit();
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Stores messages 1..count. */
    public void messages(String conversationId, int count) {
        long[] seqs = new long[count];
        for (int i = 0; i < count; i++) {
            seqs[i] = i + 1;
        }
        messages(conversationId, seqs);
    }

    /** Creates an empty conversation row (a group without messages yet). */
    public void conversation(String conversationId) {
        try (Connection c = connect()) {
            conversation(c, conversationId, 0);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Indexes {@code uid} in a group, seeing seqs in (joinSeq, leaveSeq]. */
    public void member(String uid, String conversationId, long joinSeq, Long leaveSeq) {
        try (Connection c = connect()) {
            member(c, uid, conversationId, joinSeq, leaveSeq);
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The device's cursor, or -1 when it has none. */
    public long cursor(String uid, String deviceId, String conversationId) {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement(
                        "SELECT ack_seq FROM device_cursor WHERE uid = ? AND device_id = ? AND conversation_id = ?")) {
            s.setString(1, uid);
            s.setString(2, deviceId);
            s.setString(3, conversationId);
            try (ResultSet r = s.executeQuery()) {
                return r.next() ? r.getLong(1) : -1;
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /** How many cursor rows the user has (all devices). */
    public int cursorRows(String uid) {
        try (Connection c = connect();
                PreparedStatement s = c.prepareStatement("SELECT COUNT(*) FROM device_cursor WHERE uid = ?")) {
            s.setString(1, uid);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getInt(1);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void conversation(Connection c, String conversationId, long maxSeq) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO conversation (conversation_id, kind, max_seq, created_at) "
                + "VALUES (?,?,?,?) ON DUPLICATE KEY UPDATE max_seq = GREATEST(max_seq, VALUES(max_seq))")) {
            s.setString(1, conversationId);
            s.setString(2, conversationId.substring(0, 1));
            s.setLong(3, maxSeq);
            s.setLong(4, 1_763_800_000_000L);
            s.executeUpdate();
        }
    }

    private static void member(Connection c, String uid, String conversationId, long joinSeq, Long leaveSeq) throws SQLException {
        // one-to-one rows are written once, at the first message; group rows change on join and leave
        String sql = conversationId.startsWith("p:")
                ? "INSERT IGNORE INTO user_conversation (uid, conversation_id, join_seq, leave_seq) VALUES (?,?,?,?)"
                : "INSERT INTO user_conversation (uid, conversation_id, join_seq, leave_seq) VALUES (?,?,?,?) "
                        + "ON DUPLICATE KEY UPDATE join_seq = VALUES(join_seq), leave_seq = VALUES(leave_seq)";
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setString(1, uid);
            s.setString(2, conversationId);
            s.setLong(3, joinSeq);
            if (leaveSeq == null) {
                s.setNull(4, java.sql.Types.BIGINT);
            } else {
                s.setLong(4, leaveSeq);
            }
            s.executeUpdate();
        }
    }
}
