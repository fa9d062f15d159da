package dev.tapdeck.bench;

import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.List;
import java.util.Locale;

/** One row group of the results: WinRM shells at N connections, or WebSocket echoes of one size at N connections. */
record Workload(boolean winrm, int connections, int messageBytes, WinrmShells.Shape shape) {
    String title() {
        return winrm ? String.format(Locale.ROOT, "WinRM, %d connection%s", connections, connections == 1 ? "" : "s")
                : String.format(Locale.ROOT, "WebSocket %s messages, %d connection%s", size(messageBytes), connections,
                        connections == 1 ? "" : "s");
    }

    Future<Void> start(Vertx vertx, BenchPath path, Window window) {
        return winrm ? WinrmShells.run(vertx, path.winrm(), connections, shape, window)
                : WsEchoLoad.run(vertx, path.ws(), connections, messageBytes, window);
    }

    List<Long> pids(BenchPath path) {
        return winrm ? path.winrmPids() : path.wsPids();
    }

    static String size(int bytes) {
        return bytes % 1024 == 0 ? bytes / 1024 + " KiB" : bytes + " B";
    }
}
