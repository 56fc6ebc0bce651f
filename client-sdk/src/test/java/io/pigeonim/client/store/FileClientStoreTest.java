package io.pigeonim.client.store;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import io.pigeonim.client.OutgoingMessage;

class FileClientStoreTest {

    @TempDir
    Path dir;

    @Test
    void theJournalIsCompactedAsItGrowsAndKeepsOnlyTheLiveState() throws Exception {
        Path file = dir.resolve("busy.journal");
        try (FileClientStore store = new FileClientStore(file)) {
            for (int seq = 1; seq <= 30_000; seq++) {
                store.messageShown("g:team", seq, "m" + seq);
            }
        }
        assertThat(Files.readAllLines(file)).hasSizeLessThan(12_000);
        try (FileClientStore reopened = new FileClientStore(file)) {
            assertThat(reopened.load().cursors()).containsEntry("g:team", 30_000L);
            assertThat(reopened.load().recentMsgIds()).hasSize(1024).endsWith("m30000");
        }
    }

    @Test
    void whatWasWrittenIsThereAfterReopeningAndATornLastLineIsIgnored() throws Exception {
        Path file = dir.resolve("device.journal");
        OutgoingMessage a = new OutgoingMessage("a", "p:alice:bob", "text", "hello\nworld");
        OutgoingMessage b = new OutgoingMessage("b", "g:team", "text", "second");
        try (FileClientStore store = new FileClientStore(file)) {
            store.sendAdded(new StoredSend(a, 1));
            store.sendAdded(new StoredSend(b, 2));
            store.sendRemoved("a");
            store.messageShown("g:team", 3, "m3");
            store.messageShown("g:team", 4, "m4");
        }
        Files.writeString(file, "{\"op\":\"shown\",\"c\":\"g:te", StandardOpenOption.APPEND);

        try (FileClientStore reopened = new FileClientStore(file)) {
            ClientState state = reopened.load();
            assertThat(state.pendingSends()).containsExactly(new StoredSend(b, 2));
            assertThat(state.cursors()).containsExactly(java.util.Map.entry("g:team", 4L));
            assertThat(state.recentMsgIds()).containsExactly("m3", "m4");
        }
        // compacted on open: reopening again reads the same
        try (FileClientStore again = new FileClientStore(file)) {
            assertThat(again.load().cursors()).containsEntry("g:team", 4L);
            assertThat(again.load().recentMsgIds()).containsExactly("m3", "m4");
        }
    }
}
