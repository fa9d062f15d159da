package dev.tapdeck.protocol.xml;

import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanFaultWriter;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

class XmlEscapeTest {
    @Test
    void escapesMarkupAndReplacesWhatXmlCannotCarry() {
        assertEquals("a &lt;b&gt; &amp; \"c\"\t\n&#13;", XmlEscape.text(new StringBuilder(), "a <b> & \"c\"\t\n\r").toString());
        assertEquals("&quot;x&quot;&#9;&#10;&#13;", XmlEscape.attribute(new StringBuilder(), "\"x\"\t\n\r").toString());
        assertEquals("\uFFFD\uFFFD\uD83D\uDE00\uFFFD", XmlEscape.text(new StringBuilder(), "\u0001\uD800\uD83D\uDE00\uFFFE").toString());
        assertEquals("", XmlEscape.text(new StringBuilder(), null).toString());
    }

    @Test
    void aFaultCarryingHostileTextStillParsesAndKeepsTheText() {
        String reason = "rule <x> & \"y\" \u0000 lone \uD800 end";
        String xml = WsmanFaultWriter.fault("s:Sender", "w:AccessDenied", "uuid:1", reason, 5L, "m\"a<c", "uuid:2");
        EnvelopeDecoded decoded = new EnvelopeReader().read(xml.getBytes(StandardCharsets.UTF_8));
        EnvelopeDecoded.EnvelopeParsed parsed = assertInstanceOf(EnvelopeDecoded.EnvelopeParsed.class, decoded, decoded.toString());
        WsmanBody.Fault fault = assertInstanceOf(WsmanBody.Fault.class, parsed.envelope().body());
        assertEquals("rule <x> & \"y\" \uFFFD lone \uFFFD end", fault.reason());
        assertEquals("m\"a<c", fault.machine());
    }
}
