package dev.tapdeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.recorder.AuditSink;
import dev.tapdeck.recorder.EventSink;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

class AuditOptionTest {

    @Test
    void auditFileOptionAddsTheAuditSink(@TempDir Path dir) {
        Path file = dir.resolve("audit.jsonl");
        ProxyCommand command = parse("--target", "http://winhost:5985", "--audit", file.toString(), "--quiet");
        assertEquals(file, command.options.audit);
        ProxyConfig cfg = ProxyConfig.single("127.0.0.1", 0, URI.create("http://winhost:5985"), command.options.policy(), null);
        List<EventSink> sinks = Runner.sinks(cfg, command.options);
        assertEquals(1, sinks.size(), "quiet: no console; no recording; the audit log");
        assertTrue(sinks.get(0) instanceof AuditSink);
        sinks.forEach(EventSink::close);
        assertTrue(Files.exists(file), "created when the proxy starts");
    }

    @Test
    void withoutTheOptionThereIsNoAuditLog() {
        ProxyCommand command = parse("--target", "http://winhost:5985");
        assertEquals(null, command.options.audit);
        assertTrue(Runner.sinks(ProxyConfig.single("127.0.0.1", 0, URI.create("http://winhost:5985"), command.options.policy(), null),
                command.options).stream().noneMatch(s -> s instanceof AuditSink));
    }

    private static ProxyCommand parse(String... args) {
        String[] all = new String[args.length + 1];
        all[0] = "proxy";
        System.arraycopy(args, 0, all, 1, args.length);
        CommandLine.ParseResult parsed = Main.commandLine().parseArgs(all);
        return (ProxyCommand) parsed.subcommand().commandSpec().userObject();
    }
}
