package dev.tapdeck.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

import java.util.concurrent.Callable;

/** {@code tapdeck demo}: the proxy in front of the embedded sample WinRM server. */
@Command(name = "demo", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Start the embedded sample WinRM server (a fake Windows host with a few built-in commands)",
                "on a free loopback port and the proxy in front of it; print how to point a client at it."})
final class DemoCommand implements Callable<Integer> {
    @Mixin
    ProxyOptions options = new ProxyOptions();

    DemoCommand() {
    }

    DemoCommand(ProxyOptions options) {
        this.options = options;
    }

    @Override
    public Integer call() throws Exception {
        System.err.println("tapdeck: the embedded sample server is not wired in yet");
        return 2;
    }
}
