package dev.tapdeck.cli;

import org.junit.jupiter.api.Test;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

class MainTest {
    private static String[] run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out));
        cl.setErr(new PrintWriter(err));
        int code = cl.execute(args);
        return new String[]{String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void helpNamesEverySubcommandAndExample() {
        String[] r = run("--help");
        assertEquals("0", r[0]);
        for (String word : new String[]{"proxy", "demo", "rules", "tapdeck proxy --listen"}) {
            assertTrue(r[1].contains(word), r[1]);
        }
        String[] proxyHelp = run("proxy", "--help");
        for (String option : new String[]{"--target", "--listen", "--policy", "--enforce", "--record", "--body-limit", "--no-redact", "--config", "--credentials-file"}) {
            assertTrue(proxyHelp[1].contains(option), option + " missing from\n" + proxyHelp[1]);
        }
    }

    @Test
    void theRuleCatalogueCoversEveryProtocol() {
        java.util.List<String> ids = RulesCommand.catalogue().stream().map(dev.tapdeck.protocol.rules.Rule::id).toList();
        assertTrue(ids.contains("WsmanRule.SEND_OUTSTANDING"), ids.toString());
        assertTrue(ids.stream().anyMatch(i -> i.startsWith("PsrpRule.")), ids.toString());
        assertTrue(ids.stream().anyMatch(i -> i.startsWith("WsRule.")), ids.toString());
        assertTrue(ids.contains("NtlmRule.CREDENTIALS_MISMATCH"), ids.toString());
        assertEquals(ids.size(), new java.util.HashSet<>(ids).size(), "rule ids are unique");
    }

    @Test
    void aBadFlagIsAUsageErrorNotAStackTrace() {
        String[] r = run("proxy", "--policy", "sometimes", "--target", "http://h:5985");
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("--policy"), r[2]);
    }
}
