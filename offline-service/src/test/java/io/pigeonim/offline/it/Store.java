package io.pigeonim.offline.it;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.stream.LongStream;

import org.apache.ibatis.datasource.unpooled.UnpooledDataSource;
import org.apache.ibatis.mapping.Environment;
import org.apache.ibatis.session.Configuration;
import org.apache.ibatis.session.SqlSession;
import org.apache.ibatis.session.SqlSessionFactory;
import org.apache.ibatis.session.SqlSessionFactoryBuilder;
import org.apache.ibatis.transaction.jdbc.JdbcTransactionFactory;
import org.flywaydb.core.Flyway;

import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.id.ConversationId;
import io.pigeonim.schema.ConversationRow;
import io.pigeonim.schema.CursorMapper;
import io.pigeonim.schema.MembershipMapper;
import io.pigeonim.schema.MembershipRow;
import io.pigeonim.schema.MessageRow;
import io.pigeonim.schema.StoreMapper;
import io.pigeonim.testsupport.TestDatabase;

/**
 * Writes the message store with message-service's own statements (db-schema's mappers: messages,
 * conversation.max_seq, the user's conversation index, group members) and reads cursors back, against the test
 * database.
 *
 * @implNote The reads of cursors are plain JDBC on purpose: an assertion that read with the statement under test
 *     would not see a mistake in it.
 */
public final class Store {

    private static final long CREATED_AT = 1_763_800_000_000L;

    private final TestDatabase db;
    private final SqlSessionFactory sessions;

    public Store(TestDatabase db) {
        this.db = db;
        UnpooledDataSource source = new UnpooledDataSource("com.mysql.cj.jdbc.Driver", db.jdbcUrl(), db.username(),
                db.password());
        Configuration configuration = new Configuration(new Environment("test", new JdbcTransactionFactory(), source));
        // each interface brings its XML from db-schema, the statements message-service runs
        configuration.addMapper(StoreMapper.class);
        configuration.addMapper(MembershipMapper.class);
        configuration.addMapper(CursorMapper.class);
        this.sessions = new SqlSessionFactoryBuilder().build(configuration);
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

    /** Runs {@code work} in one transaction, committed when it returns, rolled back when it throws. */
    public <T> T transaction(Function<SqlSession, T> work) {
        try (SqlSession session = sessions.openSession(false)) {
            T result = work.apply(session);
            session.commit(true);
            return result;
        }
    }

    /** Stores messages with the given seqs (one transaction), raising max_seq; a 1:1 conversation indexes both members. */
    public void messages(String conversationId, long... seqs) {
        store(LongStream.of(seqs).mapToObj(seq -> {
            String id = UUID.randomUUID().toString().replace("-", "").substring(0, 22);
            return new MessageRow(new StoredMessage(id, conversationId, seq, "sender", id, "text",
                    "hello " + conversationId + " #" + seq, CREATED_AT + seq), "sd");
        }).toList());
    }

    /** Stores messages 1..count. */
    public void messages(String conversationId, int count) {
        messages(conversationId, LongStream.rangeClosed(1, count).toArray());
    }

    /**
     * Stores {@code rows} in one transaction, writing what message-service writes for a batch: the messages, each
     * conversation's new {@code max_seq}, both members of each one-to-one conversation in the index.
     */
    public void store(List<MessageRow> rows) {
        Map<String, Long> maxSeq = new TreeMap<>();
        rows.forEach(r -> maxSeq.merge(r.message().conversationId(), r.message().seq(), Math::max));
        List<ConversationRow> conversations = new ArrayList<>();
        List<MembershipRow> memberships = new ArrayList<>();
        maxSeq.forEach((id, seq) -> {
            ConversationId conversation = ConversationId.parse(id);
            conversations.add(new ConversationRow(id, conversation.isDirect() ? "p" : "g", seq, CREATED_AT));
            if (conversation.isDirect()) {
                conversation.members().forEach(uid -> memberships.add(new MembershipRow(uid, id)));
            }
        });
        transaction(session -> {
            StoreMapper store = session.getMapper(StoreMapper.class);
            if (!rows.isEmpty()) {
                store.insertMessages(rows);
                store.upsertConversations(conversations);
            }
            if (!memberships.isEmpty()) {
                store.insertMemberships(memberships);
            }
            return null;
        });
    }

    /** Creates an empty conversation row (a group without messages yet). */
    public void conversation(String conversationId) {
        String kind = ConversationId.parse(conversationId).isDirect() ? "p" : "g";
        transaction(session -> session.getMapper(StoreMapper.class)
                .upsertConversations(List.of(new ConversationRow(conversationId, kind, 0, CREATED_AT))));
    }

    /** Makes {@code uid} a member of a group who sees seqs in (joinSeq, leaveSeq]: joined, and left if leaveSeq is set. */
    public void member(String uid, String conversationId, long joinSeq, Long leaveSeq) {
        transaction(session -> {
            MembershipMapper members = session.getMapper(MembershipMapper.class);
            members.upsertMember(uid, conversationId, joinSeq);
            return leaveSeq == null ? 0 : members.markLeft(uid, conversationId, leaveSeq);
        });
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
}
