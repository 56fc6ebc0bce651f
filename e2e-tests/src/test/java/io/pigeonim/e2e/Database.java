package io.pigeonim.e2e;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A read-only look at the running system's MySQL database ({@code MYSQL_HOST}, {@code MYSQL_PORT},
 * {@code MYSQL_DATABASE}, {@code MYSQL_USER}, {@code MYSQL_PASSWORD}, the services' own variables): what a
 * refused request must not have changed.
 */
final class Database {

    private static final String URL = "jdbc:mysql://" + env("MYSQL_HOST", "localhost") + ":" + env("MYSQL_PORT", "3306")
            + "/" + env("MYSQL_DATABASE", "pigeon") + "?useSSL=false&allowPublicKeyRetrieval=true";

    private Database() {
    }

    /**
     * Everything stored about {@code uids} and {@code conversations}: cursors, memberships, groups owned and
     * messages, one line per row, sorted, so two snapshots compare with {@code equals}.
     */
    static List<String> snapshot(List<String> uids, List<String> conversations) {
        String users = placeholders(uids.size());
        String convs = placeholders(conversations.size());
        List<String> rows = new ArrayList<>();
        rows.addAll(rows("SELECT CONCAT_WS('|', 'cursor', uid, device_id, conversation_id, ack_seq) FROM device_cursor"
                + " WHERE uid IN " + users + " OR conversation_id IN " + convs, uids, conversations));
        rows.addAll(rows("SELECT CONCAT_WS('|', 'member', uid, conversation_id, join_seq, IFNULL(leave_seq, '-'))"
                + " FROM user_conversation WHERE uid IN " + users + " OR conversation_id IN " + convs, uids,
                conversations));
        rows.addAll(rows("SELECT CONCAT_WS('|', 'group', group_id, owner_uid, member_count) FROM chat_group"
                + " WHERE owner_uid IN " + users, uids, List.of()));
        rows.addAll(rows("SELECT CONCAT_WS('|', 'message', conversation_id, seq, sender_uid) FROM message"
                + " WHERE conversation_id IN " + convs + " OR sender_uid IN " + users, conversations, uids));
        Collections.sort(rows);
        return rows;
    }

    private static List<String> rows(String sql, List<String> first, List<String> second) {
        try (Connection connection = DriverManager.getConnection(URL, env("MYSQL_USER", "root"),
                env("MYSQL_PASSWORD", ""));
                PreparedStatement statement = connection.prepareStatement(sql)) {
            int i = 1;
            for (String value : first) {
                statement.setString(i++, value);
            }
            for (String value : second) {
                statement.setString(i++, value);
            }
            List<String> rows = new ArrayList<>();
            try (ResultSet result = statement.executeQuery()) {
                while (result.next()) {
                    rows.add(result.getString(1));
                }
            }
            return rows;
        } catch (SQLException e) {
            throw new IllegalStateException("database at " + URL + ": " + e.getMessage(), e);
        }
    }

    private static String placeholders(int n) {
        return "(" + String.join(",", Collections.nCopies(Math.max(n, 1), "?")) + ")";
    }

    private static String env(String name, String fallback) {
        return System.getenv().getOrDefault(name, fallback);
    }
}
