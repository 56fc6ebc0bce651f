package io.pigeonim.offline.bench;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import io.pigeonim.common.frame.StoredMessage;
import io.pigeonim.common.json.PigeonJson;
import io.pigeonim.offline.OfflineApplication;
import io.pigeonim.offline.it.CursorAcks;
import io.pigeonim.offline.it.Store;
import io.pigeonim.schema.CursorMapper;
import io.pigeonim.schema.CursorRow;
import io.pigeonim.schema.MessageRow;
import io.pigeonim.testsupport.StandInMessageService;
import io.pigeonim.testsupport.TestInfra;
import io.pigeonim.testsupport.TestTrust;

import tools.jackson.databind.JsonNode;

/**
 * A device with 10,000 offline messages across 200 conversations syncs in pages of 200, next to thousands of
 * conversations it has already read and a million messages of other users. Prints requests, time, SQL statements
 * per page, the SQL time inside the service, a bare JDBC replay of the same statements, and the EXPLAIN plans.
 *
 * <p>Run: see docs/performance.md, section "offline sync". Knobs (system properties): {@code bench.conversations}
 * (200), {@code bench.perConversation} (50), {@code bench.read} (1800), {@code bench.noise} (1000000), {@code bench.limit} (200).
 */
public final class OfflineSyncBench {

    private static final int CONVERSATIONS = Integer.getInteger("bench.conversations", 200);
    private static final int PER_CONVERSATION = Integer.getInteger("bench.perConversation", 50);
    private static final int READ = Integer.getInteger("bench.read", 1800);
    private static final int NOISE = Integer.getInteger("bench.noise", 1_000_000);
    private static final int LIMIT = Integer.getInteger("bench.limit", 200);
    private static final String UID = "alice";

    @Configuration(proxyBeanMethods = false)
    static class Recording {
        @Bean
        StatementRecorder statementRecorder() {
            return new StatementRecorder();
        }
    }

    public static void main(String[] args) throws Exception {
        Store store = Store.migrated(TestInfra.freshDatabase("offbench"));
        Runtime.getRuntime().addShutdownHook(new Thread(store::drop, "drop-bench-database"));
        long seedStart = System.nanoTime();
        seed(store);
        System.out.printf(Locale.ROOT, "seeded %s in %.1f s%n", store.database().name(), (System.nanoTime() - seedStart) / 1e9);

        try (StandInMessageService messageService = CursorAcks.start(store);
                ConfigurableApplicationContext app = new SpringApplicationBuilder(OfflineApplication.class, Recording.class)
                        .run("--server.port=0", "--management.server.port=0", "--spring.datasource.url=" + store.database().jdbcUrl(),
                                "--spring.datasource.username=" + store.database().username(),
                                "--spring.datasource.password=" + store.database().password(),
                                "--pigeon.offline.message-url=" + messageService.url(),
                                "--logging.level.root=WARN", "--spring.main.banner-mode=off")) {
            String base = "http://127.0.0.1:" + app.getEnvironment().getProperty("local.server.port");
            StatementRecorder recorder = app.getBean(StatementRecorder.class);

            for (String device : List.of("warm-up", "warm-up-2")) {
                Result warm = sync(base, device, recorder);
                System.out.printf(Locale.ROOT, "%s device: %d messages, %d requests, %.0f ms%n",
                        device, warm.messages, warm.requests, warm.millis);
            }

            long summaryStart = System.nanoTime();
            JsonNode summary = get(base, "/api/v1/sync/summary", "bench");
            double summaryMillis = (System.nanoTime() - summaryStart) / 1e6;

            MeterRegistry meters = app.getBean(MeterRegistry.class);
            Timer ackTimer = meters.get("pigeon.offline.cursor.acknowledged").timer();
            Timer readTimer = meters.get("pigeon.offline.page.read").timer();
            double ackBefore = ackTimer.totalTime(TimeUnit.MILLISECONDS);
            double readBefore = readTimer.totalTime(TimeUnit.MILLISECONDS);
            long ackNanos = messageService.nanos();
            recorder.recording.set(true);
            Result run = sync(base, "bench", recorder);
            recorder.recording.set(false);
            ackNanos = messageService.nanos() - ackNanos;
            double ackMillis = ackTimer.totalTime(TimeUnit.MILLISECONDS) - ackBefore;
            double readMillis = readTimer.totalTime(TimeUnit.MILLISECONDS) - readBefore;

            List<String> statements = new ArrayList<>(recorder.statements);
            double replayMillis = replay(store, statements);
            int pages = run.requests; // every request reads one page, the last one an empty page
            System.out.println();
            System.out.println("load average at the end: " + new String(Files.readAllBytes(Path.of("/proc/loadavg"))).trim()
                    + ", cores: " + Runtime.getRuntime().availableProcessors());
            System.out.println("| measure | value |");
            System.out.println("|---|---|");
            System.out.printf(Locale.ROOT, "| offline messages / conversations | %d / %d (plus %d read conversations, %d other messages) |%n",
                    run.messages, CONVERSATIONS, READ, NOISE);
            System.out.printf(Locale.ROOT, "| page size | %d |%n", LIMIT);
            System.out.printf(Locale.ROOT, "| requests | %d (%d pages with messages + 1) |%n", run.requests, run.requests - 1);
            System.out.printf(Locale.ROOT, "| total sync time (client, HTTP + JSON + acks) | %.0f ms |%n", run.millis);
            System.out.printf(Locale.ROOT, "| in the service: acknowledging (HTTP call to message-service) | %.0f ms |%n", ackMillis);
            System.out.printf(Locale.ROOT, "| in the service: reading pages (SQL + planning) | %.0f ms |%n", readMillis);
            System.out.printf(Locale.ROOT, "| inside the message-service stand-in (%d ack calls, a MySQL commit each) | %.0f ms |%n",
                    run.requests - 1, ackNanos / 1e6);
            System.out.printf(Locale.ROOT, "| SQL statements | %d, %.2f per request (max %d) |%n",
                    statements.size(), statements.size() / (double) pages, run.maxStatementsPerRequest(recorder));
            System.out.printf(Locale.ROOT, "| SQL time inside the service (execute + map rows) | %.0f ms |%n", recorder.nanos.get() / 1e6);
            System.out.printf(Locale.ROOT, "| bare JDBC replay of the same %d statements | %.0f ms |%n", statements.size(), replayMillis);
            System.out.printf(Locale.ROOT, "| summary before the sync (%d conversations, unread counted) | %.0f ms |%n",
                    summary.path("conversations").size(), summaryMillis);
            System.out.println();
            explain(store, statements);
        }
        System.exit(0);
    }

    private record Result(int messages, int requests, double millis, List<Integer> statementsAfterRequest) {
        int maxStatementsPerRequest(StatementRecorder recorder) {
            int max = 0;
            int before = 0;
            for (int after : statementsAfterRequest) {
                max = Math.max(max, after - before);
                before = after;
            }
            return max;
        }
    }

    private static Result sync(String base, String device, StatementRecorder recorder) throws Exception {
        int messages = 0;
        int requests = 0;
        String ack = null;
        List<Integer> marks = new ArrayList<>();
        long start = System.nanoTime();
        do {
            String path = "/api/v1/sync?limit=" + LIMIT + (ack == null ? "" : "&ack=" + ack);
            JsonNode page = get(base, path, device);
            requests++;
            synchronized (recorder.statements) {
                marks.add(recorder.statements.size());
            }
            messages += page.path("messages").size();
            ack = page.path("next").isNull() ? null : page.path("next").asString();
        } while (ack != null);
        return new Result(messages, requests, (System.nanoTime() - start) / 1e6, marks);
    }

    private static long nextId;
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private static JsonNode get(String base, String path, String device) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + path));
        TestTrust.identity(UID, device, "GET", URI.create(base + path).getRawPath()).forEach(request::header);
        HttpResponse<byte[]> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(path + " -> " + response.statusCode() + " " + new String(response.body()));
        }
        return PigeonJson.mapper().readTree(response.body());
    }

    private static double replay(Store store, List<String> statements) throws SQLException {
        try (Connection c = store.connect(); Statement s = c.createStatement()) {
            long start = System.nanoTime();
            long cells = 0;
            long pendingNanos = 0;
            int pendingCount = 0;
            for (String sql : statements) {
                long one = System.nanoTime();
                try (ResultSet r = s.executeQuery(sql)) {
                    int columns = r.getMetaData().getColumnCount();
                    while (r.next()) {
                        for (int i = 1; i <= columns; i++) {
                            cells += r.getString(i) == null ? 0 : 1;
                        }
                    }
                }
                if (sql.contains("user_conversation")) {
                    pendingNanos += System.nanoTime() - one;
                    pendingCount++;
                }
            }
            System.out.printf(Locale.ROOT, "bare replay: %d pending-conversation statements, %.2f ms each; %d page statements, %.2f ms each%n",
                    pendingCount, pendingNanos / 1e6 / Math.max(1, pendingCount), statements.size() - pendingCount,
                    (System.nanoTime() - start - pendingNanos) / 1e6 / Math.max(1, statements.size() - pendingCount));
            if (cells < 0) {
                throw new IllegalStateException();
            }
            return (System.nanoTime() - start) / 1e6;
        }
    }

    private static void explain(Store store, List<String> statements) throws SQLException {
        String pending = statements.stream().filter(q -> q.contains("user_conversation") && !q.contains("COUNT")).findFirst().orElseThrow();
        String page = statements.stream().filter(q -> q.contains("UNION ALL")).findFirst()
                .orElse(statements.stream().filter(q -> q.startsWith("(SELECT")).findFirst().orElseThrow());
        String summary = pending.replace("ORDER BY uc.conversation_id", "").replaceAll("LIMIT \\d+", "");
        summary = "SELECT p.conversationId, p.toSeq AS maxSeq, p.fromSeq AS ackSeq, (SELECT COUNT(*) FROM message m"
                + " WHERE m.conversation_id = p.conversationId AND m.seq > p.fromSeq AND m.seq <= p.toSeq) AS unread FROM ("
                + summary + ") p ORDER BY p.conversationId";
        try (Connection c = store.connect(); Statement s = c.createStatement()) {
            s.execute("ANALYZE TABLE message, conversation, user_conversation, device_cursor");
            for (String[] q : List.of(new String[] {"pending", pending}, new String[] {"page (UNION ALL, first branches)", page},
                    new String[] {"summary", summary},
                    new String[] {"history afterSeq", "SELECT msg_id, seq, content FROM message WHERE conversation_id = 'p:alice:f0001' AND seq > 10 AND seq <= 9007199254740991 ORDER BY seq LIMIT 51"},
                    new String[] {"history beforeSeq", "SELECT msg_id, seq, content FROM message WHERE conversation_id = 'p:alice:f0001' AND seq > 0 AND seq <= 40 ORDER BY seq DESC LIMIT 51"})) {
                System.out.println("EXPLAIN " + q[0] + ":");
                System.out.println("| id | select_type | table | type | key | key_len | ref | rows | Extra |");
                System.out.println("|---|---|---|---|---|---|---|---|---|");
                try (ResultSet r = s.executeQuery("EXPLAIN " + q[1])) {
                    int shown = 0;
                    while (r.next() && shown++ < 8) {
                        System.out.printf("| %s | %s | %s | %s | %s | %s | %s | %s | %s |%n", r.getString("id"), r.getString("select_type"),
                                r.getString("table"), r.getString("type"), r.getString("key"), r.getString("key_len"),
                                r.getString("ref"), r.getString("rows"), r.getString("Extra"));
                    }
                }
                System.out.println();
            }
            System.out.println("pending SQL as run: " + pending);
            System.out.println("page SQL as run (" + page.length() + " chars): " + page.substring(0, Math.min(700, page.length())) + " …");
        }
    }

    private static void seed(Store store) {
        // the 200 conversations with 50 unread messages each: 150 one-to-one, 50 groups
        for (int i = 1; i <= CONVERSATIONS; i++) {
            String id = i % 4 == 0 ? String.format("g:bench%04d", i) : String.format("p:alice:f%04d", i);
            store.store(messages(id, PER_CONVERSATION));
            if (id.startsWith("g:")) {
                store.member(UID, id, 0, null);
            }
        }
        // thousands of conversations already read on the device: the index holds them, sync must skip them
        for (int i = 1; i <= READ; i++) {
            String id = String.format("p:alice:r%05d", i);
            store.store(messages(id, 5));
            List<CursorRow> cursors = List.of("warm-up", "warm-up-2", "bench").stream()
                    .map(device -> new CursorRow(UID, device, id, 5)).toList();
            store.transaction(session -> session.getMapper(CursorMapper.class).upsertCursors(cursors, 0));
        }
        // other users' traffic
        int perNoise = 1000;
        for (int i = 0; i < NOISE / perNoise; i++) {
            store.store(messages(String.format("p:u%05d:v%05d", i, i), perNoise));
        }
    }

    /** Messages 1..count of about eighty bytes each, from seven senders. */
    private static List<MessageRow> messages(String conversationId, int count) {
        List<MessageRow> rows = new ArrayList<>(count);
        for (int seq = 1; seq <= count; seq++) {
            String msgId = "m" + (++nextId);
            rows.add(new MessageRow(new StoredMessage(msgId, conversationId, seq, "s" + (seq % 7), msgId, "text",
                    "message " + seq + " of " + conversationId + ", about eighty bytes of ordinary chat text here",
                    1_763_800_000_000L + seq), "d"));
        }
        return rows;
    }
}
