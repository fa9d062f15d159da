package dev.tapdeck.protocol.xml;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.nio.charset.StandardCharsets;
import java.util.List;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import org.junit.jupiter.api.Test;

import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.XmlLimits;

/**
 * {@link SafeXml} hands a closed reader out again on the same thread: a reused reader must read the next
 * document as a fresh one would, whatever the last one was (cut short, malformed, a DOCTYPE, an entity),
 * and keep every hardening setting.
 */
class SafeXmlReuseTest {
    private static final String XXE = "<!DOCTYPE r [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><r>&x;</r>";

    @Test
    void aClosedReaderIsReusedAndReadsTheNextDocumentFromItsStart() throws Exception {
        XMLStreamReader first = SafeXml.open(bytes("<a><b/></a>"), 0, 11);
        first.next();
        first.close(); // cut short
        XMLStreamReader second = SafeXml.open(bytes("<p:x xmlns:p=\"urn:p\">t</p:x>"), 0, 28);
        assertSame(first, second, "the JDK reader is reused once closed");
        assertEquals(List.of("start urn:p x", "text t", "end x"), events(second));
    }

    @Test
    void anOpenReaderIsNeverHandedOutTwice() throws Exception {
        XMLStreamReader outer = SafeXml.open(bytes("<a><b>1</b></a>"), 0, 15);
        outer.next();
        XMLStreamReader inner = SafeXml.open(bytes("<c>2</c>"), 0, 8);
        assertEquals(List.of("start  c", "text 2", "end c"), events(inner));
        inner.close();
        assertEquals(List.of("start  b", "text 1", "end b", "end a"), events(outer));
    }

    @Test
    void hardeningHoldsAfterEveryKindOfFailure() throws Exception {
        for (String before : List.of("<a>", "<a></b>", XXE, "<!DOCTYPE r [<!ENTITY y \"yy\">]><r>&y;</r>", "<r>&undeclared;</r>")) {
            XMLStreamReader r = SafeXml.open(bytes(before), 0, bytes(before).length);
            try {
                while (r.hasNext()) {
                    r.next();
                }
            } catch (XMLStreamException | RuntimeException expected) {
                // the reader is closed after a failure too, as BoundedXmlReader does
            }
            r.close();
            byte[] xxe = bytes(XXE);
            try (BoundedXmlReader x = BoundedXmlReader.open(xxe, 0, xxe.length, XmlLimits.DEFAULT)) {
                XmlRejected e = assertThrows(XmlRejected.class, () -> {
                    while (x.next() != XMLStreamConstants.END_DOCUMENT) {
                        // reads on until the DOCTYPE is refused
                    }
                }, "after " + before);
                assertEquals(DecodeProblem.Kind.DTD_FORBIDDEN, e.problem().kind(), "after " + before);
            }
            XMLStreamReader ok = SafeXml.open("<z>fine</z>");
            assertEquals(List.of("start  z", "text fine", "end z"), events(ok), "after " + before);
            ok.close();
        }
    }

    private static List<String> events(XMLStreamReader r) throws XMLStreamException {
        List<String> out = new java.util.ArrayList<>();
        while (r.hasNext()) {
            int e = r.next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                out.add("start " + (r.getNamespaceURI() == null ? "" : r.getNamespaceURI()) + " " + r.getLocalName());
            } else if (e == XMLStreamConstants.CHARACTERS) {
                out.add("text " + r.getText());
            } else if (e == XMLStreamConstants.END_ELEMENT) {
                out.add("end " + r.getLocalName());
            }
        }
        return out;
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
