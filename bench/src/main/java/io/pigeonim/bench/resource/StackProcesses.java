package io.pigeonim.bench.resource;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.Stream;

/**
 * Finds the processes of the running stack in /proc: the JVMs the local runner started, by their
 * {@code -Dpigeon.process=<name>} argument (so any checkout's stack is found, not only this one's pid files),
 * then {@code redis-server} and {@code mariadbd} or {@code mysqld} by their command name.
 */
public final class StackProcesses {

    private static final String MARKER = "-Dpigeon.process=";

    private StackProcesses() {
    }

    /**
     * The stack's processes; with a {@code pidsDir} (a runner's {@code .run/pids}), its JVMs are those named by its
     * {@code <name>.pid} files instead of every process that carries the marker, for when two stacks run at once.
     */
    public static List<WatchedProcess> find(Path pidsDir) {
        List<WatchedProcess> found = new ArrayList<>(find());
        if (pidsDir == null) {
            return found;
        }
        found.removeIf(p -> !p.name().equals("redis") && !p.name().equals("mysql"));
        try (Stream<Path> files = Files.list(pidsDir)) {
            files.filter(f -> f.getFileName().toString().endsWith(".pid")).forEach(f -> {
                String pid = read(f);
                String name = f.getFileName().toString().replaceFirst("\\.pid$", "");
                if (pid != null && pid.trim().matches("[0-9]+")
                        && name.equals(nameOf(read(Path.of("/proc", pid.trim(), "cmdline")), null))) {
                    found.add(new WatchedProcess(name, Long.parseLong(pid.trim())));
                }
            });
        } catch (IOException e) {
            throw new IllegalArgumentException("--pids-dir: " + pidsDir + " (" + e.getMessage() + ")", e);
        }
        found.sort(Comparator.comparing(WatchedProcess::name).thenComparing(WatchedProcess::pid));
        return found;
    }

    /** Every process of a stack on this machine: JVMs by their marker, Redis and MySQL by their command. */
    public static List<WatchedProcess> find() {
        long self = ProcessHandle.current().pid();
        List<WatchedProcess> found = new ArrayList<>();
        try (Stream<Path> entries = Files.list(Path.of("/proc"))) {
            entries.filter(p -> p.getFileName().toString().chars().allMatch(Character::isDigit)).forEach(dir -> {
                long pid = Long.parseLong(dir.getFileName().toString());
                if (pid != self) {
                    String name = nameOf(read(dir.resolve("cmdline")), read(dir.resolve("comm")));
                    if (name != null) {
                        found.add(new WatchedProcess(name, pid));
                    }
                }
            });
        } catch (IOException e) {
            throw new IllegalStateException("cannot list /proc: " + e.getMessage(), e);
        }
        found.sort(Comparator.comparing(WatchedProcess::name).thenComparing(WatchedProcess::pid));
        return found;
    }

    /** The stack name of a process from its NUL-separated command line and its command name, or null. */
    static String nameOf(String cmdline, String comm) {
        if (cmdline != null) {
            for (String arg : cmdline.split("\0")) {
                if (arg.startsWith(MARKER) && arg.length() > MARKER.length()) {
                    return arg.substring(MARKER.length());
                }
            }
        }
        String command = comm == null ? "" : comm.trim();
        return switch (command) {
            case "redis-server" -> "redis";
            case "mariadbd", "mysqld" -> "mysql";
            default -> null;
        };
    }

    private static String read(Path file) {
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
        } catch (IOException e) {
            return null;
        }
    }
}
