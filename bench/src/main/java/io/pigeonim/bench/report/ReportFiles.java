package io.pigeonim.bench.report;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

import io.pigeonim.common.json.PigeonJson;

/** Writes a run's files into its own folder: result.json, summary.md, latency.png, throughput.png. */
public final class ReportFiles {

    private ReportFiles() {
    }

    /** Writes everything and answers the Markdown summary. */
    public static String write(RunReport report, Path dir, double p99Target) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("result.json"),
                PigeonJson.mapper().writerWithDefaultPrettyPrinter().writeValueAsString(report));
        String summary = MarkdownSummary.render(report, p99Target) + "\nFiles: " + dir.toAbsolutePath()
                + "/{result.json, summary.md, latency.png, throughput.png}\n";
        Files.writeString(dir.resolve("summary.md"), summary);
        System.setProperty("java.awt.headless", "true");
        Plots.latency(report.steps(), new File(dir.toFile(), "latency.png"));
        Plots.throughput(report.deliveredPerSecond(), new File(dir.toFile(), "throughput.png"));
        return summary;
    }
}
