package dev.tapdeck.protocol.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.corpus.TapDrive;
import dev.tapdeck.protocol.corpus.Winrm4jRecordings;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.session.AuditRecord.Argument;
import dev.tapdeck.protocol.session.AuditRecord.Command;
import dev.tapdeck.protocol.session.AuditRecord.Statement;
import org.junit.jupiter.api.Test;

import java.util.List;

/**
 * The audit of real sessions (protocol-notes C): which command, with which arguments and input, through
 * which endpoint, with what outcome, read from the corpus through the tap. Skipped when the corpus is absent.
 */
class AuditCorpusTest {

    private static List<AuditRecord> audits(String recording) {
        return TapDrive.drive(PypsrpRecordings.named(recording), Policy.OBSERVE).audits();
    }

    private static List<Command> commands(AuditRecord a) {
        return a.statements().stream().flatMap(s -> s.commands().stream()).toList();
    }

    @Test
    void multipleCommandsNameEveryStatementWithoutRevealingTheSecureString() {
        List<AuditRecord> audits = audits("test_psrp_multiple_commands.yml");
        assertEquals(1, audits.size());
        AuditRecord a = audits.get(0);
        assertEquals(AuditRecord.Kind.CREATE_PIPELINE, a.kind());
        assertEquals("Microsoft.PowerShell", a.endpoint());
        assertEquals("Completed", a.outcome().state());
        assertTrue(a.complete());
        // ExtraCmds: each statement, in order; the duplicate top-level Cmds is not repeated
        assertEquals(new Statement(List.of(new Command("Set-Variable", false,
                List.of(new Argument("Name", "sec_string"), new Argument("Value", "<SecureString>"))))), a.statements().get(0));
        assertTrue(commands(a).contains(new Command("cmd.exe", false, List.of(new Argument(null, "/c echo hi")))), a.toString());
        assertTrue(commands(a).stream().anyMatch(c -> c.isScript() && c.command().equals("$integer")), a.toString());
        assertEquals(1, a.statements().stream().filter(s -> s.commands().get(0).command().equals("cmd.exe")).count());
    }

    @Test
    void jeaEndpointAndItsFailedPipeline() {
        List<AuditRecord> audits = audits("test_psrp_with_jea_configuration.yml");
        assertEquals(List.of("JEARole", "JEARole"), audits.stream().map(AuditRecord::endpoint).toList());
        assertEquals("Completed", audits.get(0).outcome().state());
        AuditRecord failed = audits.get(1);
        assertEquals("Failed", failed.outcome().state());
        assertEquals(List.of(new Command("Get-Item", false, List.of(new Argument("Path", "C:\\Windows"))),
                new Command("Set-Item -Path WSMan:\\localhost\\Service\\AllowUnencrypted -Value $false", true, List.of())),
                commands(failed));
        assertTrue(failed.outcome().errors().contains("The syntax is not supported by this runspace. This can occur if the runspace"
                + " is in no-language mode."), failed.outcome().errors().toString());
    }

    @Test
    void commandMetadataRequests() {
        List<AuditRecord> audits = audits("test_psrp_get_command_metadata.yml");
        assertEquals(List.of(AuditRecord.Kind.GET_COMMAND_METADATA), audits.stream().map(AuditRecord::kind).distinct().toList());
        assertEquals(List.of(
                new AuditRecord.Metadata(List.of("new-pssession*"), 511, List.of(), List.of()),
                new AuditRecord.Metadata(List.of("new-*"), 2, List.of(), List.of()),
                new AuditRecord.Metadata(List.of("Get-*"), 511, List.of("Microsoft.WSMan.Management"), List.of())),
                audits.stream().map(AuditRecord::metadata).toList());
        assertTrue(audits.stream().allMatch(a -> "Completed".equals(a.outcome().state())));
    }

    @Test
    void pipelineInputIsSummarisedAndCounted() {
        AuditRecord a = audits("test_psrp_with_input.yml").get(0);
        assertEquals(4, a.input().count(), "the README counts 4 PIPELINE_INPUT");
        assertTrue(a.input().ended());
        assertEquals(4, a.input().objects().size());
    }

    @Test
    void aServerChosenCommandIdStillNamesThePipeline() {
        AuditRecord a = audits("test_psrp_run_protocol_version_2.1.yml").get(0);
        assertTrue(a.commandId().startsWith("24864ED3-"), a.commandId()); // returned by the server
        assertTrue(a.pipelineId().startsWith("BDAD31FD-"), a.pipelineId()); // the PID, which the client proposed as CommandId
        assertEquals(3, a.input().count());
        assertEquals("Completed", a.outcome().state());
    }

    @Test
    void aSignalledPipelineWhoseShellIsDeletedIsIncomplete() {
        List<AuditRecord> audits = audits("test_psrp_nested_command.yml");
        AuditRecord stopped = audits.stream().filter(a -> !a.complete()).findFirst().orElseThrow();
        assertEquals(List.of("ctrl_c"), stopped.signals());
        assertEquals("the shell was deleted before the command ended", stopped.incompleteReason());
        assertEquals(1, audits.stream().filter(AuditRecord::complete).count());
    }

    @Test
    void winrsCommandsWithArgumentsStdinAndExitCode() {
        AuditRecord standard = audits("test_winrs_standard.yml").get(0);
        assertEquals(AuditRecord.Kind.WINRS_COMMAND, standard.kind());
        assertEquals("cmd.exe", standard.commandLine());
        assertEquals(List.of("/c", "echo", "hi"), standard.arguments());
        assertEquals(0L, standard.outcome().exitCode());
        AuditRecord send = audits("test_winrs_send.yml").get(0);
        assertEquals("powershell.exe", send.commandLine());
        assertEquals(List.of("-"), send.arguments());
        assertEquals("Write-Host \"output 1\";Write-Host \"output 2\";", send.input().text());
        assertEquals(2, send.input().count());
        assertTrue(send.input().ended());
        assertEquals(64, send.input().sha256().length());
        AuditRecord refused = audits("test_winrs_no_cmd_shell.yml").get(0);
        assertEquals("Fault", refused.outcome().state());
        int commands = 0;
        for (Recording r : PypsrpRecordings.all()) {
            if (r.name().startsWith("test_winrs_")) {
                List<AuditRecord> records = TapDrive.drive(r, Policy.OBSERVE).audits();
                assertTrue(records.stream().allMatch(a -> a.kind() == AuditRecord.Kind.WINRS_COMMAND && "cmd".equals(a.endpoint())), r.name());
                commands += records.size();
            }
        }
        assertEquals(11, commands, "one per Command of the 12 test_winrs_* recordings (two in no_cmd_shell, none in two)");
    }

    @Test
    void winrm4jSessionsGiveCmdAuditRecords() {
        for (Recording r : Winrm4jRecordings.all()) {
            List<AuditRecord> records = TapDrive.drive(r, Policy.OBSERVE).audits();
            assertEquals(1, records.size(), r.name());
            assertEquals(AuditRecord.Kind.WINRS_COMMAND, records.get(0).kind());
            assertTrue(records.get(0).complete(), r.name());
            assertEquals(0L, records.get(0).outcome().exitCode(), r.name());
        }
    }
}
