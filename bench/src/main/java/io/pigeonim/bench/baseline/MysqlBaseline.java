package io.pigeonim.bench.baseline;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One message-like row inserted and committed per operation, in a database of its own ({@value #DATABASE},
 * dropped after) with the {@code message} table's columns and keys, over a few connections each with its own
 * thread: operations wait in a queue when all are busy, and that wait is part of their latency.
 */
public final class MysqlBaseline implements Baseline {

    static final String DATABASE = "pigeon_bench_e2e";
    private static final int CONNECTIONS = 8;
    private static final int CONVERSATIONS = 100;
    private static final String INSERT = "INSERT INTO message (conversation_id, seq, msg_id, sender_uid, sender_device,"
            + " client_msg_id, content_type, content, send_time) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)";

    private record Op(long index, Done done) {
    }

    private static final Op STOP = new Op(-1, null);

    private final String url;
    private final String user;
    private final String password;
    private final String runId;
    private final String content;
    private final BlockingQueue<Op> queue = new LinkedBlockingQueue<>();
    private final List<Thread> workers = new ArrayList<>();
    private final AtomicLong seq = new AtomicLong();

    public MysqlBaseline(String url, String user, String password, String runId, String content) throws SQLException {
        this.url = url;
        this.user = user;
        this.password = password;
        this.runId = runId;
        this.content = content;
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
            s.execute("CREATE DATABASE " + DATABASE + " CHARACTER SET utf8mb4 COLLATE utf8mb4_bin");
            s.execute("CREATE TABLE " + DATABASE + ".message (conversation_id VARCHAR(140) NOT NULL,"
                    + " seq BIGINT NOT NULL, msg_id VARCHAR(32) NOT NULL, sender_uid VARCHAR(64) NOT NULL,"
                    + " sender_device VARCHAR(64) NOT NULL, client_msg_id VARCHAR(64) NOT NULL,"
                    + " content_type VARCHAR(32) NOT NULL, content TEXT NOT NULL, send_time BIGINT NOT NULL,"
                    + " PRIMARY KEY (conversation_id, seq), UNIQUE KEY uk_message_msg_id (msg_id),"
                    + " UNIQUE KEY uk_message_sender_client (sender_uid, client_msg_id))"
                    + " ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_bin");
        }
        for (int i = 0; i < CONNECTIONS; i++) {
            Connection c = DriverManager.getConnection(url, user, password);
            c.setCatalog(DATABASE);
            c.setAutoCommit(false);
            Thread t = new Thread(() -> work(c), "mysql-baseline-" + i);
            t.setDaemon(true);
            t.start();
            workers.add(t);
        }
    }

    @Override
    public String name() {
        return "mysql";
    }

    @Override
    public String operation() {
        return "INSERT of a message row + COMMIT (" + CONNECTIONS + " connections)";
    }

    @Override
    public void fire(long index, Done done) {
        queue.add(new Op(index, done));
    }

    private void work(Connection c) {
        try (c; PreparedStatement insert = c.prepareStatement(INSERT)) {
            for (Op op = queue.take(); op != STOP; op = queue.take()) {
                try {
                    long n = seq.incrementAndGet();
                    String sender = runId + "-s" + (op.index() % CONVERSATIONS);
                    insert.setString(1, "p:" + sender + ":" + sender + "z");
                    insert.setLong(2, n);
                    insert.setString(3, Long.toString(n, 36) + "-" + runId);
                    insert.setString(4, sender);
                    insert.setString(5, "d1");
                    insert.setString(6, runId + ".m." + n);
                    insert.setString(7, "text");
                    insert.setString(8, content);
                    insert.setLong(9, System.currentTimeMillis());
                    insert.executeUpdate();
                    c.commit();
                    op.done().ok(System.nanoTime());
                } catch (SQLException e) {
                    op.done().failed(e);
                    c.rollback();
                }
            }
        } catch (SQLException e) {
            System.err.println("mysql baseline: connection failed: " + e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Override
    public void close() {
        workers.forEach(w -> queue.add(STOP));
        for (Thread w : workers) {
            try {
                w.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        try (Connection c = DriverManager.getConnection(url, user, password); Statement s = c.createStatement()) {
            s.execute("DROP DATABASE IF EXISTS " + DATABASE);
        } catch (SQLException e) {
            System.err.println("mysql baseline: could not drop " + DATABASE + ": " + e);
        }
    }
}
