package dev.tapdeck.bench;

import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A proxy's CPU time and memory from Linux /proc, summed over its processes and their children (nginx's
 * workers are children of the master): utime+stime from {@code /proc/PID/stat}, VmHWM (peak RSS) and VmRSS
 * from {@code /proc/PID/status}.
 *
 * @param cpuTicks utime+stime in clock ticks (USER_HZ, see {@code getconf CLK_TCK})
 * @param peakRssKb sum of VmHWM
 * @param rssKb sum of VmRSS
 */
record ProcStats(long cpuTicks, long peakRssKb, long rssKb) {
    static final ProcStats NONE = new ProcStats(0, 0, 0);

    static ProcStats of(List<Long> pids) {
        if (pids.isEmpty()) {
            return NONE;
        }
        long cpu = 0;
        long hwm = 0;
        long rss = 0;
        for (long pid : withChildren(pids)) {
            String stat = read(Path.of("/proc", Long.toString(pid), "stat"));
            if (stat == null) {
                continue; // gone since it was listed
            }
            String[] f = afterComm(stat);
            cpu += Long.parseLong(f[11]) + Long.parseLong(f[12]); // fields 14 and 15 of proc(5): utime, stime
            String status = read(Path.of("/proc", Long.toString(pid), "status"));
            hwm += statusKb(status, "VmHWM:");
            rss += statusKb(status, "VmRSS:");
        }
        return new ProcStats(cpu, hwm, rss);
    }

    /** The pids and every process whose parent is one of them (one level: enough for nginx and the JVM). */
    static List<Long> withChildren(List<Long> pids) {
        List<Long> all = new ArrayList<>(pids);
        try (DirectoryStream<Path> procs = Files.newDirectoryStream(Path.of("/proc"), p -> p.getFileName().toString()
                .chars().allMatch(Character::isDigit))) {
            for (Path p : procs) {
                String stat = read(p.resolve("stat"));
                if (stat != null) {
                    long parent = Long.parseLong(afterComm(stat)[1]); // field 4: ppid
                    long pid = Long.parseLong(p.getFileName().toString());
                    if (pids.contains(parent) && !all.contains(pid)) {
                        all.add(pid);
                    }
                }
            }
        } catch (IOException e) {
            // no /proc: the pids alone
        }
        return all;
    }

    /** The fields after "(comm)": comm may hold spaces and parentheses, so split after the last ')'. */
    private static String[] afterComm(String stat) {
        return stat.substring(stat.lastIndexOf(')') + 2).trim().split(" ");
    }

    private static long statusKb(String status, String key) {
        if (status == null) {
            return 0;
        }
        for (String line : status.split("\n")) {
            if (line.startsWith(key)) {
                return Long.parseLong(line.substring(key.length()).trim().split("\\s+")[0]);
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
