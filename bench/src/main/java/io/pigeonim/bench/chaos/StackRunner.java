package io.pigeonim.bench.chaos;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The local runner ({@code ./pigeon}) seen from the chaos run: {@code kill} (SIGKILL, answering the moment the signal
 * went) and {@code start} (one process as {@code up} starts it, until ready), and what the run folder says about the
 * stack: how many connectors, whether Redis and MariaDB are the stack's own ({@code up --private-stores}).
 */
final class StackRunner {

    private static final Pattern KILLED_AT = Pattern.compile("killed \\S+ \\(pid \\d+\\) at (\\d{13})");

    private final Path runner;
    private final Path runDir;
    private final Path log;

    StackRunner(Path runner, Path runDir, Path log) {
        this.runner = runner;
        this.runDir = runDir;
        this.log = log;
    }

    /** {@code kill -9} of one process; answers the epoch millisecond the signal was sent. */
    long kill(String process) throws IOException, InterruptedException {
        return killedAt(run("kill", process));
    }

    /** How a start went: seconds from the first try until ready, and how many tries that took. */
    record Started(double seconds, int attempts) {
    }

    /**
     * Starts one process and waits until it is ready, up to {@code attempts} times (as a supervisor restarts a process
     * that exits during start-up: on a loaded machine seq-service's 1 s JDBC connect timeout can fail its first
     * connection); the last failure is thrown.
     */
    Started start(String process, int attempts) throws IOException, InterruptedException {
        long t0 = System.nanoTime();
        for (int attempt = 1; ; attempt++) {
            try {
                run("start", process);
                return new Started((System.nanoTime() - t0) / 1e9, attempt);
            } catch (IllegalStateException e) {
                if (attempt >= attempts) {
                    throw e;
                }
            }
        }
    }

    /** Whether the stack runs on Redis and MariaDB of its own, which a fault may kill. */
    boolean privateStores() {
        return Files.isRegularFile(runDir.resolve("stores.env"));
    }

    /** How many connector instances {@code up} started (0 when it says nothing). */
    int connectors() throws IOException {
        Path f = runDir.resolve("connectors");
        return Files.isRegularFile(f) ? Integer.parseInt(Files.readString(f).trim()) : 0;
    }

    Path runDir() {
        return runDir;
    }

    static long killedAt(String output) {
        Matcher m = KILLED_AT.matcher(output);
        if (!m.find()) {
            throw new IllegalStateException("./pigeon kill said: \"" + output.strip() + "\" (expected: killed NAME (pid N) at EPOCH_MS)");
        }
        return Long.parseLong(m.group(1));
    }

    private String run(String... args) throws IOException, InterruptedException {
        Process p = new ProcessBuilder(concat(runner.toString(), args)).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        int code = p.waitFor();
        Files.writeString(log, "$ ./pigeon " + String.join(" ", args) + "\n" + out, StandardCharsets.UTF_8,
                StandardOpenOption.CREATE, StandardOpenOption.APPEND);
        if (code != 0) {
            throw new IllegalStateException("./pigeon " + String.join(" ", args) + " failed (exit " + code + "): "
                    + out.strip());
        }
        return out;
    }

    private static List<String> concat(String first, String... rest) {
        String[] all = new String[rest.length + 1];
        all[0] = first;
        System.arraycopy(rest, 0, all, 1, rest.length);
        return List.of(all);
    }
}
