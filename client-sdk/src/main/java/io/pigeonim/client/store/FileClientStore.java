package io.pigeonim.client.store;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.OutputStreamWriter;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import io.pigeonim.client.OutgoingMessage;
import io.pigeonim.common.json.PigeonJson;
import tools.jackson.databind.JsonNode;

/**
 * A {@link ClientStore} in one file: an append-only journal of JSON lines, replayed and compacted when opened
 * and whenever it has grown to several times the live state.
 *
 * <p>Each change is written and flushed before the call returns, so it survives the app's crash; with
 * {@code fsync} it also survives the machine's (at the cost of a disk sync per change).
 *
 * @implNote Rewriting a snapshot on every change was rejected: a cursor moves with every message shown, and
 *     the state holds a window of msgIds, so each message would rewrite kilobytes. A journal line is ~100 bytes.
 *     A torn last line (a crash in mid-write) is ignored on replay: the change it held was not acknowledged yet.
 */
public final class FileClientStore implements ClientStore {

    private final Path file;
    private final boolean fsync;
    private final InMemoryClientStore live;
    private BufferedWriter journal;
    private FileChannel channel;
    private long linesSinceCompaction;

    /** Opens (or creates) the store at {@code file}. */
    public FileClientStore(Path file, boolean fsync) {
        this.file = Objects.requireNonNull(file, "file");
        this.fsync = fsync;
        this.live = new InMemoryClientStore();
        replay();
        compact();
    }

    public FileClientStore(Path file) {
        this(file, false);
    }

    @Override
    public synchronized ClientState load() {
        return live.load();
    }

    @Override
    public synchronized void sendAdded(StoredSend send) {
        live.sendAdded(send);
        OutgoingMessage m = send.message();
        append(Map.of("op", "add", "id", m.clientMsgId(), "c", m.conversationId(), "ct", m.contentType(),
                "body", m.content(), "t", send.createdAtMillis()));
    }

    @Override
    public synchronized void sendRemoved(String clientMsgId) {
        live.sendRemoved(clientMsgId);
        append(Map.of("op", "rm", "id", clientMsgId));
    }

    @Override
    public synchronized void messageShown(String conversationId, long seq, String msgId) {
        live.messageShown(conversationId, seq, msgId);
        append(Map.of("op", "shown", "c", conversationId, "s", seq, "m", msgId));
    }

    @Override
    public synchronized void close() {
        try {
            journal.close();
        } catch (IOException e) {
            throw new UncheckedIOException("closing " + file + ": " + e, e);
        }
    }

    private void append(Map<String, Object> record) {
        try {
            journal.write(PigeonJson.mapper().writeValueAsString(record));
            journal.write('\n');
            journal.flush();
            if (fsync) {
                channel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("writing " + file + ": " + e, e);
        }
        ClientState state = live.load();
        if (++linesSinceCompaction > Math.max(10_000, 4L * (state.pendingSends().size() + state.cursors().size()
                + state.recentMsgIds().size()))) {
            compact();
        }
    }

    private void replay() {
        if (!Files.exists(file)) {
            return;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + file + ": " + e, e);
        }
        for (int i = 0; i < lines.size(); i++) {
            JsonNode r;
            try {
                r = PigeonJson.mapper().readTree(lines.get(i));
            } catch (RuntimeException torn) {
                if (i == lines.size() - 1) {
                    break;
                }
                throw new IllegalStateException(file + ":" + (i + 1) + ": not a journal record: " + torn.getMessage());
            }
            switch (r.path("op").asString("")) {
                case "add" -> live.sendAdded(new StoredSend(new OutgoingMessage(r.get("id").asString(),
                        r.get("c").asString(), r.get("ct").asString(), r.get("body").asString()), r.get("t").asLong()));
                case "rm" -> live.sendRemoved(r.get("id").asString());
                case "shown" -> live.messageShown(r.get("c").asString(), r.get("s").asLong(), r.get("m").asString());
                case "seen" -> live.seen(r.get("m").asString());
                case "cursor" -> live.cursor(r.get("c").asString(), r.get("s").asLong());
                default -> throw new IllegalStateException(file + ":" + (i + 1) + ": unknown op " + r.path("op"));
            }
        }
    }

    /** Writes the live state as a fresh journal next to the file, then moves it over the old one atomically. */
    private void compact() {
        try {
            if (journal != null) {
                journal.close();
            }
            Path parent = file.toAbsolutePath().getParent();
            Files.createDirectories(parent);
            Path tmp = Files.createTempFile(parent, file.getFileName().toString(), ".tmp");
            ClientState state = live.load();
            try (BufferedWriter out = Files.newBufferedWriter(tmp, StandardCharsets.UTF_8)) {
                for (StoredSend s : state.pendingSends()) {
                    OutgoingMessage m = s.message();
                    line(out, Map.of("op", "add", "id", m.clientMsgId(), "c", m.conversationId(), "ct", m.contentType(),
                            "body", m.content(), "t", s.createdAtMillis()));
                }
                // the msgId window in order, then each cursor
                for (String msgId : state.recentMsgIds()) {
                    line(out, Map.of("op", "seen", "m", msgId));
                }
                for (Map.Entry<String, Long> c : state.cursors().entrySet()) {
                    line(out, Map.of("op", "cursor", "c", c.getKey(), "s", c.getValue()));
                }
            }
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            channel = FileChannel.open(file, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
            journal = new BufferedWriter(new OutputStreamWriter(Channels.newOutputStream(channel),
                    StandardCharsets.UTF_8));
            linesSinceCompaction = 0;
        } catch (IOException e) {
            throw new UncheckedIOException("compacting " + file + ": " + e, e);
        }
    }

    private static void line(BufferedWriter out, Map<String, Object> record) throws IOException {
        out.write(PigeonJson.mapper().writeValueAsString(record));
        out.write('\n');
    }
}
