package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.Callable;

/**
 * {@code tapdeck inspect FILE}: a recording as a readable timeline. The raw bytes are decoded by this
 * Tapdeck ({@link Redecoder}, the code the proxy runs) and printed with the proxy's console formatting
 * ({@link Timeline}), so a recording reads like the live console did; {@code --json} prints the timeline
 * items as recording lines.
 */
@Command(name = "inspect", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Print a recording as a timeline: for WinRM each WS-Man operation (ShellId, CommandId, streams with "
                + "sizes and a stdin preview, CommandState), the PSRP messages under it, the status and latency of each "
                + "response, rule occurrences with their id and specification section, and audit records; for WebSocket "
                + "the handshake, messages, pings, closes and rule occurrences. The raw bytes are decoded again by this "
                + "Tapdeck (as 'recompute' does), so recordings without annotations read the same."})
final class InspectCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "FILE", description = "The recording (*.tdrec.jsonl).")
    Path file;

    @Option(names = "--shell", paramLabel = "ID", description = "Only what concerns this ShellId (or RunspacePool id).")
    String shell;

    @Option(names = "--command", paramLabel = "ID", description = "Only what concerns this CommandId (or PSRP pipeline id).")
    String command;

    @Option(names = "--rule", paramLabel = "ID", description = "Only items with an occurrence of a rule whose id starts "
            + "with ID, e.g. WsmanRule.SEND_OUTSTANDING or PsrpRule.")
    String rule;

    @Option(names = "--type", paramLabel = "TYPE", split = ",", description = "Only these line types (http, audit, "
            + "transport-failed, ws-handshake, ws-message, ws-frame, ws-chunk, ws-close, ws-violation, ws-end, end…); "
            + "frames and chunks are shown only when named here.")
    Set<String> types = Set.of();

    @Option(names = "--violations-only", description = "Only items with a rule occurrence (any severity).")
    boolean violationsOnly;

    @Option(names = "--json", description = "One JSON object per item (the recording line, decoded afresh), for scripts.")
    boolean json;

    @Option(names = "--no-color", description = "No colours (they are used only when stdout is a terminal).")
    boolean noColor;

    @Mixin
    FileCommandOptions options = new FileCommandOptions();

    @Override
    public Integer call() {
        PrintStream out = System.out;
        TimelineFilter filter = new TimelineFilter(shell, command, rule, types, violationsOnly);
        Timeline timeline = new Timeline(!noColor && !json && Terminal.stdout());
        Map<String, Integer> rules = new TreeMap<>();
        // a bar on a terminal that also shows the timeline would tear it: only when the timeline goes elsewhere
        Progress.Mode mode = options.progress ? Progress.Mode.ALWAYS
                : options.quiet || Terminal.stdout() ? Progress.Mode.NEVER : Progress.Mode.AUTO;
        try (RecordingLines lines = RecordingLines.open(file);
             Progress progress = Progress.bytes(lines.size(), "inspect", mode)) {
            Redecoder redecoder = new Redecoder(lines.header(), options.policy());
            Redecoder.Line header = redecoder.header();
            if (json) {
                print(out, header.json());
            } else {
                out.println(timeline.header(file, header.json()));
            }
            for (JsonNode line = lines.next(); line != null; line = lines.next()) {
                for (Redecoder.Line l : redecoder.accept(line)) {
                    timeline.seen(l);
                    TimelineFilter.ruleIds(l.json()).forEach(id -> rules.merge(id, 1, Integer::sum));
                    show(out, timeline, filter, filter.accept(l));
                }
                progress.accept(lines.bytesRead());
            }
            show(out, timeline, filter, filter.flush());
            if (!json) {
                out.println(timeline.footer(rules, lines));
            }
        } catch (IOException e) {
            System.err.println("tapdeck inspect: " + e.getMessage());
            return 1;
        }
        out.flush();
        return 0;
    }

    private void show(PrintStream out, Timeline timeline, TimelineFilter filter, List<Redecoder.Line> items) throws IOException {
        for (Redecoder.Line item : items) {
            if (json) {
                print(out, item.json());
            } else {
                String text = timeline.format(item, filter.named(item.type()));
                if (text != null) {
                    out.println(text);
                }
            }
        }
    }

    private static void print(PrintStream out, JsonNode n) throws IOException {
        out.println(RecordingFormat.mapper().writeValueAsString(n));
    }
}
