package io.pigeonim.bench.resource;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Reads one process's CPU ticks ({@code /proc/<pid>/stat}) and resident memory ({@code /proc/<pid>/status}). */
public final class ProcStat {

    private ProcStat() {
    }

    /** utime + stime in clock ticks, or -1 when the process is gone. */
    public static long cpuTicks(long pid) {
        String stat = read(Path.of("/proc", String.valueOf(pid), "stat"));
        return stat == null ? -1 : cpuTicks(stat);
    }

    /** VmRSS in bytes, or -1 when the process is gone. */
    public static long rssBytes(long pid) {
        String status = read(Path.of("/proc", String.valueOf(pid), "status"));
        return status == null ? -1 : rssBytes(status);
    }

    /**
     * utime + stime of a {@code stat} line: fields 14 and 15, counted after the command name, which is in
     * parentheses and may itself hold spaces or parentheses (hence the last ')').
     */
    static long cpuTicks(String stat) {
        String[] fields = stat.substring(stat.lastIndexOf(')') + 2).trim().split("\\s+");
        // fields[0] is field 3 (state): utime is field 14, stime field 15
        return Long.parseLong(fields[11]) + Long.parseLong(fields[12]);
    }

    static long rssBytes(String status) {
        for (String line : status.split("\n")) {
            if (line.startsWith("VmRSS:")) {
                String[] parts = line.substring(6).trim().split("\\s+");
                return Long.parseLong(parts[0]) * 1024;
            }
        }
        return 0;
    }

    private static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            return null;
        }
    }
}
