package dev.tapdeck.samples.winrm;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class XmlWriterTest {
    @Test
    void escapesTextAndAttributes() {
        String xml = new XmlWriter().start("a:X", "q", "say \"hi\" & <go>\tnow\n")
                .leaf("b:Y", "1 < 2 & \"3\" > 0")
                .empty("b:Z", "skipped", null, "kept", "'")
                .end().toXml();
        assertEquals("<a:X q=\"say &quot;hi&quot; &amp; &lt;go&gt;&#9;now&#10;\">"
                + "<b:Y>1 &lt; 2 &amp; \"3\" &gt; 0</b:Y><b:Z kept=\"'\"/></a:X>", xml);
    }

    @Test
    void emptyTextKeepsTheStartEndPairWindowsWrites() {
        assertEquals("<rsp:Stream End=\"true\"></rsp:Stream>", new XmlWriter().leaf("rsp:Stream", "", "End", "true").toXml());
    }

    @Test
    void charactersXmlCannotCarryAreReplaced() {
        // a client-supplied MessageID is echoed in RelatesTo: it must never break the reply
        assertEquals("<m>a\uFFFDb\uFFFDc&#13;\uD83D\uDE00</m>",
                new XmlWriter().leaf("m", "a\u0001b\uD800c\r\uD83D\uDE00").toXml());
    }

    @Test
    void refusesUnbalancedDocumentsAndOddAttributes() {
        assertThrows(IllegalStateException.class, () -> new XmlWriter().start("a").toXml());
        assertThrows(IllegalArgumentException.class, () -> new XmlWriter().start("a", "lonely"));
    }
}
