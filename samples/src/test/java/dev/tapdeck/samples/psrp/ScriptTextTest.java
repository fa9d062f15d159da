package dev.tapdeck.samples.psrp;

import static dev.tapdeck.protocol.clixml.PsObjects.string;
import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.tapdeck.protocol.psrp.view.PipelineStatement;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

class ScriptTextTest {
    private static String rendered(String script) {
        return ScriptText.parse(script).stream().map(s -> s.render(100)).collect(Collectors.joining(" ;; "));
    }

    @Test
    void statementsPipesAndQuotes() {
        assertEquals("Write-Output hello", rendered("Write-Output hello"));
        assertEquals("Write-Output 'a b' | Out-String ;; throw boom", rendered("Write-Output 'a b'|Out-String;\n  throw \"boom\"  "));
        assertEquals(string("it's"), ScriptText.parse("Write-Output 'it''s'").get(0).commands().get(0).arguments().get(0).value(),
                "'' is a quote inside single quotes");
        assertEquals("$input", rendered("\r\n$input\r\n"));
        assertEquals("", rendered(" ; \n "));
        List<PipelineStatement> s = ScriptText.parse("Write-Error \"disk full\" now");
        assertEquals(List.of(string("disk full"), string("now")),
                s.get(0).commands().get(0).arguments().stream().map(a -> a.value()).toList());
    }

    @Test
    void anUnterminatedQuoteRunsToTheEnd() {
        assertEquals("echo 'a b'", rendered("echo 'a b"));
    }
}
