package io.pigeonim.bench.chaos;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

import io.pigeonim.common.json.PigeonJson;

/** Writes a chaos run's {@code result.json} (everything) and {@code summary.md} (one row per fault) into its folder. */
final class ChaosReport {

    private ChaosReport() {
    }

    /** One phase and the checker's verdict on it. */
    record Row(PhaseRecord phase, PhaseCheck check) {

        /** Intact, and for a fault that ran: delivery resumed within the target. */
        boolean passed() {
            if (phase.skipped() != null || phase.restartSeconds() < 0) {
                return false;
            }
            return phase.fault() == null ? check.intact() : check.passed();
        }

        String verdict() {
            if (phase.skipped() != null) {
                return "skipped: " + phase.skipped();
            }
            if (phase.restartSeconds() < 0) {
                return phase.note();
            }
            if (!check.intact()) {
                return "FAILED (lost, twice or out of order)";
            }
            if (phase.fault() != null && !check.passed()) {
                return check.stallMs() == null ? "MISSED: nothing sent after the kill was shown" : "MISSED: stall >= 10 s";
            }
            return phase.note() == null ? "ok" : "ok (" + phase.note() + ")";
        }
    }

    /** Writes both files and answers the Markdown. */
    static String write(Path dir, Map<String, String> options, long sent, List<Row> rows, String command)
            throws IOException {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("finishedAt", Instant.now().toString());
        json.put("options", options);
        json.put("sent", sent);
        json.put("phases", rows.stream().map(ChaosReport::json).toList());
        Files.writeString(dir.resolve("result.json"), PigeonJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(json));
        String md = markdown(rows, command) + "\nFiles: " + dir.toAbsolutePath() + "/{result.json, summary.md, runner.log}\n";
        Files.writeString(dir.resolve("summary.md"), md);
        return md;
    }

    static String markdown(List<Row> rows, String command) {
        StringBuilder s = new StringBuilder();
        s.append("## Chaos run, ").append(Instant.now()).append("\n\n`").append(command).append("`\n\n")
                .append("| fault | round | process | sent | stored | lost | twice | out of order | stall | all back | "
                        + "reconnected | ready after | load before → after | verdict |\n")
                .append("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|\n");
        for (Row r : rows) {
            PhaseRecord p = r.phase();
            PhaseCheck c = r.check();
            s.append(String.format(Locale.ROOT, "| %s | %s | %s | %,d | %,d | %d | %d | %d | %s | %s | %d | %s | %s → %s | %s |%n",
                    p.name(), p.round() == 0 ? "-" : p.round(), p.fault() == null ? "-" : p.fault().process(), c.sent(),
                    c.stored(), c.lost(), c.twice(), c.outOfOrder(),
                    millis(c.stallMs()) + (c.stallMs() != null && !c.stayedConnected() ? " (all reconnected)" : ""),
                    millis(c.allBackMs()), c.devicesReconnected(),
                    p.restartSeconds() > 0 ? String.format(Locale.ROOT, "%.1f s", p.restartSeconds()) : "-",
                    p.loadBefore() == null ? "-" : p.loadBefore(), p.loadAfter() == null ? "-" : p.loadAfter(), r.verdict()));
        }
        for (Row r : rows) {
            if (!r.check().examples().isEmpty() || r.check().failed() + r.check().unanswered() > 0) {
                s.append("\n").append(r.phase().name()).append(": ").append(r.check().failed()).append(" failed, ")
                        .append(r.check().unanswered()).append(" never answered\n");
                r.check().examples().forEach(e -> s.append("- ").append(e).append('\n'));
            }
        }
        return s.toString();
    }

    private static Map<String, Object> json(Row r) {
        Map<String, Object> m = new LinkedHashMap<>();
        PhaseRecord p = r.phase();
        m.put("phase", p.index());
        m.put("fault", p.name());
        m.put("round", p.round());
        m.put("process", p.fault() == null ? null : p.fault().process());
        m.put("what", p.fault() == null ? "steady load, nothing killed" : p.fault().what());
        m.put("killedAt", p.killedAt() < 0 ? null : Instant.ofEpochMilli(p.killedAt()).toString());
        m.put("readyAfterSeconds", p.restartSeconds());
        m.put("loadBefore", p.loadBefore());
        m.put("loadAfter", p.loadAfter());
        m.put("skipped", p.skipped());
        m.put("note", p.note());
        m.put("check", r.check());
        m.put("verdict", r.verdict());
        return m;
    }

    private static String millis(Long ms) {
        return ms == null ? "-" : String.format(Locale.ROOT, "%.2f s", ms / 1000.0);
    }
}
