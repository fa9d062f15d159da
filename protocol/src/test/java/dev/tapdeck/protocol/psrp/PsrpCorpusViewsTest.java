package dev.tapdeck.protocol.psrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.clixml.ClixmlDecoded;
import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.clixml.PsSecureString;
import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.psrp.PsrpCorpusScan.Found;
import dev.tapdeck.protocol.psrp.view.CommandArgument;
import dev.tapdeck.protocol.psrp.view.CreatePipeline;
import dev.tapdeck.protocol.psrp.view.ErrorRecord;
import dev.tapdeck.protocol.psrp.view.GetCommandMetadata;
import dev.tapdeck.protocol.psrp.view.PipelineCommand;
import dev.tapdeck.protocol.psrp.view.PipelineState;
import dev.tapdeck.protocol.psrp.view.PsrpView;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult;
import dev.tapdeck.protocol.psrp.view.PsrpViews;
import dev.tapdeck.protocol.psrp.view.SessionCapability;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Real traffic through the CLIXML reader and the views; skipped when the corpus is absent. */
class PsrpCorpusViewsTest {
    private final ClixmlReader reader = new ClixmlReader();
    private final PsrpViews views = new PsrpViews();

    private List<PsrpView> viewsOf(String file, PsrpMessageType type) {
        return PsrpCorpusScan.scan(PypsrpRecordings.named(file)).messages().stream()
                .filter(f -> f.message().type() == type)
                .map(f -> ((PsrpViewResult.Viewed) views.view(f.message())).view()).toList();
    }

    @Test
    void everyMessageDataIsReadableClixmlAndEveryViewDecodes() {
        Map<String, Integer> viewed = new TreeMap<>();
        int parsed = 0;
        for (Recording r : PsrpCorpusTest.recordings()) {
            for (Found f : PsrpCorpusScan.scan(r).messages()) {
                PsrpMessage m = f.message();
                if (m.data().length > 0) {
                    ClixmlDecoded d = reader.read(m.data());
                    assertInstanceOf(ClixmlDecoded.ClixmlParsed.class, d, r.name() + " " + m + ": " + d);
                    parsed++;
                }
                PsrpViewResult v = views.view(m);
                assertFalse(v instanceof PsrpViewResult.ViewRejected, r.name() + " " + m + ": " + v);
                if (v instanceof PsrpViewResult.Viewed) {
                    viewed.merge(m.typeName(), 1, Integer::sum);
                }
            }
        }
        System.out.println("PsrpCorpusViewsTest: " + parsed + " message Data parsed as CLIXML; views " + viewed);
        assertTrue(viewed.get("CREATE_PIPELINE") > 40);
    }

    /** protocol-notes C: the audit extraction on test_psrp_multiple_commands.yml. */
    @Test
    void multipleCommandsNamesEveryStatementWithItsArguments() {
        CreatePipeline p = (CreatePipeline) viewsOf("test_psrp_multiple_commands.yml", PsrpMessageType.CREATE_PIPELINE).get(0);

        assertTrue(p.fromExtraCmds());
        assertEquals(10, p.statements().size()); // the top-level Cmds repeats the first statement and is ignored
        PipelineCommand setSecure = p.statements().get(0).commands().get(0);
        assertEquals("Set-Variable", setSecure.command());
        assertFalse(setSecure.isScript());
        assertEquals("Name", setSecure.arguments().get(0).name());
        assertEquals("sec_string", setSecure.arguments().get(0).valueText(100));
        assertEquals("Value", setSecure.arguments().get(1).name());
        assertInstanceOf(PsSecureString.class, setSecure.arguments().get(1).value());
        assertEquals("Set-Variable -Name sec_string -Value <SecureString>", setSecure.render(100));

        PipelineCommand cmd = p.commands().stream().filter(c -> c.command().equals("cmd.exe")).findFirst().orElseThrow();
        assertEquals(1, cmd.arguments().size());
        CommandArgument positional = cmd.arguments().get(0);
        assertTrue(positional.positional());
        assertEquals("/c echo hi", positional.valueText(100));

        PipelineCommand script = p.commands().stream().filter(c -> c.command().equals("$integer")).findFirst().orElseThrow();
        assertTrue(script.isScript());
        assertEquals(List.of(), script.arguments());

        PipelineCommand unicode = p.statements().get(3).commands().get(0);
        assertEquals("こんにちは - actual_x000A_string\nnewline: \uD801\uDC37", unicode.arguments().get(1).valueText(100));
        assertEquals("ConvertTo-SecureString -String abc -AsPlainText -Force", p.statements().get(2).render(100));
        assertEquals("Get-Service -Name winrm", p.statements().get(9).render(100));
        assertFalse(p.render(200).contains("GXD6"), "the SecureString ciphertext never shows");
    }

    @Test
    void getCommandMetadataNamesThePatterns() {
        List<PsrpView> found = viewsOf("test_psrp_get_command_metadata.yml", PsrpMessageType.GET_COMMAND_METADATA);
        assertEquals(3, found.size());
        GetCommandMetadata last = (GetCommandMetadata) found.get(2);
        assertEquals(List.of("Get-*"), last.names());
        assertEquals(List.of("Microsoft.WSMan.Management"), last.namespaces());
        assertEquals(511, last.commandType());
    }

    @Test
    void failedPipelineCarriesItsErrorRecord() {
        PipelineState s = (PipelineState) viewsOf("test_psrp_error_failed.yml", PsrpMessageType.PIPELINE_STATE).get(0);
        assertEquals("Failed", s.stateName());
        assertEquals("error", s.exception().message());
        assertEquals("Microsoft.PowerShell.Commands.WriteErrorException", s.exception().fullyQualifiedErrorId());
    }

    @Test
    void jeaErrorRecordIsReadable() {
        ErrorRecord e = (ErrorRecord) viewsOf("test_psrp_with_jea_configuration.yml", PsrpMessageType.ERROR_RECORD).get(0);
        assertEquals("Cannot find a provider with the name 'FileSystem'.", e.message());
        assertEquals("ProviderNotFound,Microsoft.PowerShell.Commands.GetItemCommand", e.fullyQualifiedErrorId());
        assertEquals("ObjectNotFound", e.categoryName());
        assertEquals("System.Management.Automation.ProviderNotFoundException", e.exceptionType());
    }

    @Test
    void sessionCapabilityOfBothSides() {
        List<PsrpView> caps = viewsOf("test_psrp_with_input.yml", PsrpMessageType.SESSION_CAPABILITY);
        assertEquals(2, caps.size());
        for (PsrpView v : caps) {
            SessionCapability c = (SessionCapability) v;
            assertEquals("1.1.0.1", c.serializationVersion());
            assertTrue(c.protocolVersion().startsWith("2."), c.protocolVersion());
        }
    }
}
