package dev.tapdeck.bench;

import java.net.URI;
import java.util.Arrays;
import java.util.List;

/**
 * One way from the load client to the upstreams, as {@code bench/run.sh} started it: its WinRM and WebSocket
 * URLs and the processes that relay them (none for direct), or the reason it was skipped.
 * Command line form: {@code --path NAME,WINRM_URL,WINRM_PIDS,WS_URL,WS_PIDS} (pids joined by '+', '-' for
 * none) and {@code --skip NAME,REASON}.
 */
record BenchPath(String name, URI winrm, List<Long> winrmPids, URI ws, List<Long> wsPids, String skipped) {
    static BenchPath parse(String spec) {
        String[] f = spec.split(",");
        if (f.length != 5) {
            throw new IllegalArgumentException("--path NAME,WINRM_URL,WINRM_PIDS,WS_URL,WS_PIDS expected, got " + spec);
        }
        return new BenchPath(f[0], URI.create(f[1]), pids(f[2]), URI.create(f[3]), pids(f[4]), null);
    }

    static BenchPath skip(String spec) {
        int comma = spec.indexOf(',');
        return comma < 0 ? new BenchPath(spec, null, List.of(), null, List.of(), "skipped")
                : new BenchPath(spec.substring(0, comma), null, List.of(), null, List.of(), spec.substring(comma + 1));
    }

    boolean runs() {
        return skipped == null;
    }

    /** Whether a process relays this path (direct has none: no proxy CPU or memory to read). */
    boolean proxied() {
        return !winrmPids.isEmpty() || !wsPids.isEmpty();
    }

    private static List<Long> pids(String s) {
        return s.equals("-") ? List.of() : Arrays.stream(s.split("\\+")).map(Long::parseLong).toList();
    }
}
