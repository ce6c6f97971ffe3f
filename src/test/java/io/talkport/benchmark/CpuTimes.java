package io.talkport.benchmark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * CPU seconds (user + system) spent so far by the app, the sandbox and the app's embedded PostgreSQL (the postmaster,
 * its live backends, and the backends that have exited). On two shared cores wall-clock rates move with whatever else
 * runs; CPU time per message moves much less, so the benchmark prints both.
 */
record CpuTimes(double app, double sandbox, double database) {

    /** Clock ticks per second of /proc/[pid]/stat (USER_HZ, 100 on Linux). */
    private static final double TICKS = 100.0;

    /** Now; {@code databaseDir} null (an external PostgreSQL) leaves the database's share at NaN. */
    static CpuTimes now(long appPid, long sandboxPid, Path databaseDir) {
        return new CpuTimes(seconds(stat(appPid), false), seconds(stat(sandboxPid), false), database(databaseDir));
    }

    /** Per 1,000 messages between {@code before} and this. */
    String perThousand(CpuTimes before, long messages) {
        double k = messages / 1000.0;
        return String.format("CPU per 1,000 messages: app %.3f s, PostgreSQL %.3f s, sandbox %.3f s",
                (app - before.app) / k, (database - before.database) / k, (sandbox - before.sandbox) / k);
    }

    private static double database(Path dataDir) {
        if (dataDir == null || !Files.exists(dataDir.resolve("postmaster.pid"))) {
            return Double.NaN;
        }
        try {
            long postmaster = Long.parseLong(Files.readAllLines(dataDir.resolve("postmaster.pid")).get(0).trim());
            double total = seconds(stat(postmaster), true);
            try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
                for (Path process : processes.filter(p -> p.getFileName().toString().matches("\\d+")).toList()) {
                    String[] fields = stat(Long.parseLong(process.getFileName().toString()));
                    if (fields != null && Long.parseLong(fields[1]) == postmaster) {
                        total += seconds(fields, false);
                    }
                }
            }
            return total;
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
    }

    /** Fields of /proc/[pid]/stat after the command name: [0] state, [1] ppid, ..., [11] utime, [12] stime. */
    private static String[] stat(long pid) {
        try {
            String line = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
            return line.substring(line.lastIndexOf(')') + 2).split(" ");
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    private static double seconds(String[] fields, boolean withExitedChildren) {
        if (fields == null) {
            return Double.NaN;
        }
        List<Integer> columns = withExitedChildren ? List.of(11, 12, 13, 14) : List.of(11, 12);
        return columns.stream().mapToLong(i -> Long.parseLong(fields[i])).sum() / TICKS;
    }
}
