package dev.tapdeck.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.RecordingFormat;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;

/** {@code tapdeck inspect} on a real WinRM session recorded through the proxy, and on an imported one. */
class InspectTest {
    @TempDir
    static Path dir;
    static Path recording;
    static Path imported;
    static String commandId;

    @BeforeAll
    static void record() throws Exception {
        recording = RecordedSessions.winrm(dir.resolve("live"));
        imported = Imported.winrmWithoutAnnotations(dir.resolve("imported"));
        commandId = RecomputeTest.lines(recording).stream().map(l -> l.path("decoded").path("envelope").path("body").path("commandId"))
                .filter(n -> n.isTextual()).findFirst().orElseThrow().asText();
    }

    @Test
    void theTimelineShowsEachOperationWithItsStreamsStatusLatencyAndAudit() throws Exception {
        String out = inspect(recording.toString());
        for (String expected : new String[]{"  winrm  127.0.0.1:", "Create resource=shell/cmd", "Command shell=", "command=\"type\"",
                "stream stdin CommandId=" + commandId, "\"hello\\r\\n\"", "End=true", "CommandState Done", "Delete shell=",
                "AUDIT auditor@", "no rule occurrence", "6 exchange(s)"}) {
            assertTrue(out.contains(expected), expected + " missing from\n" + out);
        }
        assertTrue(Pattern.compile("\\(HTTP 200, \\d+ B, \\d+\\.\\d ms\\)").matcher(out).find(), out);
        assertFalse(out.contains("\u001b["), "no colours when stdout is not a terminal");
    }

    @Test
    void filtersByCommandKeepingWholeExchanges() throws Exception {
        String out = inspect("--command", commandId.toLowerCase(java.util.Locale.ROOT), recording.toString());
        assertTrue(out.contains("command=\"type\""), "the Command request comes with its response, which names the id\n" + out);
        assertTrue(out.contains("CommandState Done") && out.contains("AUDIT"), out);
        assertFalse(out.contains("Create resource"), "the shell's Create does not concern the command\n" + out);
        assertFalse(out.contains("Delete shell="), out);
    }

    @Test
    void filtersByRuleAndViolationsAndType() throws Exception {
        String flagged = inspect("--violations-only", imported.toString());
        assertTrue(flagged.contains("WsmanRule.DTD_PRESENT ["), "rule id with severity and section\n" + flagged);
        assertFalse(flagged.contains("Create resource"), "only the flagged exchange\n" + flagged);
        assertEquals(flagged, inspect("--rule", "WsmanRule.DTD", imported.toString()));
        assertFalse(inspect("--rule", "PsrpRule.", imported.toString()).contains("!! WsmanRule.DTD_PRESENT"),
                "the footer still counts the whole recording, the timeline shows none");
        String audits = inspect("--type", "audit", imported.toString());
        assertTrue(audits.contains("AUDIT") && !audits.contains("Send"), audits);
    }

    @Test
    void jsonGivesOneRecordingLinePerItem() throws Exception {
        List<String> lines = inspect("--json", "--type", "http", recording.toString()).lines().toList();
        assertEquals(1 + 12, lines.size(), "the header and 6 exchanges");
        for (String l : lines.subList(1, lines.size())) {
            JsonNode n = RecordingFormat.mapper().readTree(l);
            assertEquals("http", n.path("type").asText());
            assertTrue(n.has("decoded"), l);
        }
    }

    private static String inspect(String... args) {
        PrintStream saved = System.out;
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        System.setOut(new PrintStream(bytes, true, StandardCharsets.UTF_8));
        try {
            String[] all = new String[args.length + 2];
            all[0] = "inspect";
            all[1] = "--quiet";
            System.arraycopy(args, 0, all, 2, args.length);
            assertEquals(0, Main.commandLine().execute(all));
        } finally {
            System.setOut(saved);
        }
        return bytes.toString(StandardCharsets.UTF_8);
    }
}
