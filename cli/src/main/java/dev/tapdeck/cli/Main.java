package dev.tapdeck.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code tapdeck} command. */
@Command(name = "tapdeck", mixinStandardHelpOptions = true, versionProvider = Main.Version.class,
        description = {
                "Tapdeck: a transparent proxy and recorder for WinRM (WS-Management Shell, PSRP). It forwards "
                        + "traffic unchanged, decodes every WS-Man operation, checks the protocol rules, and records each session.",
                ""},
        subcommands = {ProxyCommand.class, DemoCommand.class, RulesCommand.class, VerifyCommand.class,
                InspectCommand.class, RecomputeCommand.class, ExportCommand.class, ImportCommand.class,
                ReplayCommand.class,
                CommandLine.HelpCommand.class},
        footer = {"", "Examples:",
                "  tapdeck demo                      the proxy in front of the embedded WinRM server",
                "  tapdeck proxy --listen 127.0.0.1:15985 --target http://winhost:5985 --record recordings",
                "  tapdeck proxy --config tapdeck.json --policy enforce",
                "  tapdeck proxy --target http://winhost:5985 --audit audit.jsonl   log every command run",
                "  tapdeck rules                     list the rule catalogue",
                "  tapdeck verify recordings/*.tdrec.jsonl   check recordings (cut short, incomplete, tampered)",
                "  tapdeck inspect rec.tdrec.jsonl --command 8A42… --violations-only   a recording's timeline",
                "  tapdeck recompute rec.tdrec.jsonl   decode a recording again with this version",
                "  tapdeck export --pcapng FILE      a recording as a capture for Wireshark (or --har)",
                "  tapdeck import --from har FILE    a HAR (or pypsrp YAML) file as a recording",
                "  tapdeck replay server session.tdrec.jsonl --listen 127.0.0.1:5985   a recording as a fake server",
                "  tapdeck replay client session.tdrec.jsonl --target http://winhost:5985/wsman"})
public final class Main implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new Main()).setCaseInsensitiveEnumValuesAllowed(true);
        cl.setUsageHelpWidth(110);
        return cl;
    }

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            return new String[]{"tapdeck " + dev.tapdeck.proxy.TapdeckProxy.VERSION};
        }
    }
}
