package dev.tapdeck.recorder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.protocol.session.AuditRecord.Argument;
import dev.tapdeck.protocol.session.AuditRecord.Command;
import dev.tapdeck.protocol.session.AuditRecord.Statement;
import dev.tapdeck.protocol.session.Requester;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;

class AuditSinkTest {
    private static final long AT = 1_795_000_000_000L;

    static TapEvent.CommandAudited pipeline(boolean complete) {
        AuditRecord r = new AuditRecord(AuditRecord.Kind.CREATE_PIPELINE, "SHELL-1", "CMD-1", "CMD-1",
                "http://schemas.microsoft.com/powershell/JEARole", "JEARole", new Requester("10.0.0.5:51234", "vagrant"),
                List.of(new Statement(List.of(new Command("Set-Variable", false, List.of(new Argument("Name", "sec"),
                        new Argument("Value", "<SecureString>"))))), new Statement(List.of(new Command("cmd.exe", false,
                        List.of(new Argument(null, "/c echo hi")))))),
                null, null, List.of(), new AuditRecord.Input(1, 20, List.of("line"), true, null, null),
                List.of(new AuditRecord.HostResponse("ReadLine", null, true, 300)), List.of(),
                new AuditRecord.Outcome("Failed", null, List.of("denied")), complete, complete ? null : "the shell was deleted");
        return new TapEvent.CommandAudited("s1", 7, 100, AT, "http://winhost:5985", r);
    }

    @Test
    void oneJsonLinePerCommandWithWhoWhereAndWhat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("logs/audit.jsonl");
        try (AuditSink sink = new AuditSink(file)) {
            sink.accept(new TapEvent.SessionStarted("s1", 0, 0, "winrm", "main", "c", "u", 0L, "t", true)); // ignored
            sink.accept(pipeline(true));
            sink.accept(pipeline(false));
            sink.flush();
        }
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        assertEquals(2, lines.size());
        JsonNode n = RecordingFormat.JSON.readTree(lines.get(0));
        assertEquals("2026-11-18T11:06:40Z", n.path("at").asText());
        assertEquals("vagrant", n.path("user").asText());
        assertEquals("10.0.0.5:51234", n.path("client").asText());
        assertEquals("http://winhost:5985", n.path("upstream").asText());
        assertEquals("JEARole", n.path("endpoint").asText());
        assertEquals("CREATE_PIPELINE", n.path("kind").asText());
        assertEquals("Set-Variable -Name sec -Value <SecureString>; cmd.exe '/c echo hi'", n.path("text").asText());
        assertTrue(n.path("statements").get(1).path("commands").get(0).path("arguments").get(0).path("name").isNull());
        assertTrue(n.path("hostResponses").get(0).path("redacted").asBoolean());
        assertEquals("Failed", n.path("outcome").path("state").asText());
        assertTrue(n.path("complete").asBoolean());
        assertFalse(n.has("requester"), "flattened to client and user");
        assertEquals("the shell was deleted", RecordingFormat.JSON.readTree(lines.get(1)).path("incompleteReason").asText());
        if (Files.getFileStore(file).supportsFileAttributeView("posix")) {
            assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
        }
    }

    @Test
    void appendsToAnExistingLog(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("audit.jsonl");
        for (int i = 0; i < 2; i++) {
            try (AuditSink sink = new AuditSink(file)) {
                sink.accept(pipeline(true));
            }
        }
        assertEquals(2, Files.readAllLines(file).size());
    }

    @Test
    void consoleLineAndRecordingLine() {
        String line = AuditFormat.consoleLine(pipeline(false));
        assertEquals("AUDIT vagrant@10.0.0.5:51234 -> http://winhost:5985 JEARole shell=SHELL-1 pid=CMD-1: Set-Variable -Name sec"
                + " -Value <SecureString>; cmd.exe '/c echo hi' [input 1 item(s), 20 B] [1 host response(s)] => Failed: denied"
                + " (incomplete: the shell was deleted)", line);
        JsonNode rec = RecordingFormat.toJson(pipeline(true));
        assertEquals("audit", rec.path("type").asText());
        assertEquals(7, rec.path("seq").asInt());
        assertEquals("JEARole", rec.path("endpoint").asText());
    }
}
