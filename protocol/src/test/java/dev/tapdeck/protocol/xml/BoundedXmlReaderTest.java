package dev.tapdeck.protocol.xml;

import static javax.xml.stream.XMLStreamConstants.END_DOCUMENT;
import static javax.xml.stream.XMLStreamConstants.END_ELEMENT;
import static javax.xml.stream.XMLStreamConstants.START_ELEMENT;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.XmlLimits;

class BoundedXmlReaderTest {

    private static BoundedXmlReader open(String xml) throws XmlRejected {
        byte[] b = xml.getBytes(StandardCharsets.UTF_8);
        return BoundedXmlReader.open(b, 0, b.length, XmlLimits.DEFAULT);
    }

    /** "start name depth" and "end name depth 'text'" for every element event. */
    private static List<String> events(String xml) throws XmlRejected {
        List<String> out = new ArrayList<>();
        try (BoundedXmlReader x = open(xml)) {
            int e;
            while ((e = x.next()) != END_DOCUMENT) {
                out.add(e == START_ELEMENT ? "start " + x.localName() + " " + x.depth()
                        : "end " + x.localName() + " " + x.depth() + " '" + x.text() + "'");
            }
        }
        return out;
    }

    @Test
    void textIsTheElementsOwnTextJoinedAcrossCommentsAndCdata() throws XmlRejected {
        assertEquals(List.of(
                "start r 1",
                "start a 2",
                "end a 2 'inner'",
                "start b 2",
                "end b 2 ''",
                "end r 1 ' one  two & three<x> '"),
                events("<r> one <a>inner</a> <!-- c --><b/>two &amp; three<![CDATA[<x>]]> </r>"));
    }

    @Test
    void trimmedTextRemovesOmiPadding() throws XmlRejected {
        try (BoundedXmlReader x = open("<r>\n        value\n    </r>")) {
            assertEquals(START_ELEMENT, x.next());
            assertEquals(END_ELEMENT, x.next());
            assertEquals("value", x.trimmedText());
            assertEquals(END_DOCUMENT, x.next());
        }
    }

    @Test
    void namesAreNamespaceUrisNotPrefixes() throws XmlRejected {
        try (BoundedXmlReader x = open("<p:r xmlns:p=\"urn:a\"><q:c xmlns:q=\"urn:a\"><d/></q:c></p:r>")) {
            x.next();
            assertTrue(x.is("urn:a", "r"));
            x.next();
            assertTrue(x.is("urn:a", "c"));
            assertTrue(x.ancestorIs(1, "urn:a", "r"));
            x.next();
            assertTrue(x.is("", "d"));
            assertEquals("", x.namespace());
            assertEquals("c", x.ancestorLocalName(1));
            assertTrue(x.ancestorIs(2, "urn:a", "r"));
            assertFalse(x.ancestorIs(3, "urn:a", "r"));
            assertNull(x.ancestorLocalName(3));
        }
    }

    @Test
    void attributesByLocalNamePreferTheUnqualifiedOne() throws XmlRejected {
        try (BoundedXmlReader x = open("<r xmlns:n=\"urn:n\" n:Id=\"qualified\" Id=\"plain\" n:Only=\"q\""
                + " xml:lang=\"en-US\"/>")) {
            x.next();
            assertEquals("plain", x.attribute("Id"));
            assertEquals("q", x.attribute("Only"));
            assertNull(x.attribute("Missing"));
            assertEquals("en-US", x.attribute("http://www.w3.org/XML/1998/namespace", "lang"));
            assertEquals("qualified", x.attribute("urn:n", "Id"));
        }
    }

    @Test
    void aDoctypeIsRefusedAtTheDtdEvent() throws XmlRejected {
        try (BoundedXmlReader x = open("<!DOCTYPE r [<!ELEMENT r ANY>]><r/>")) {
            XmlRejected e = assertThrows(XmlRejected.class, x::next);
            assertEquals(DecodeProblem.Kind.DTD_FORBIDDEN, e.problem().kind());
            // the position is where the parser stopped: just after the construct
            assertTrue(e.problem().detail().matches("a DOCTYPE declaration is forbidden at line 1, column \\d+"),
                    e.problem()::toString);
        }
    }

    @Test
    void depthLimitNamesTheLimitAndThePosition() throws XmlRejected {
        byte[] b = "<a><b><c/></b></a>".getBytes(StandardCharsets.UTF_8);
        try (BoundedXmlReader x = BoundedXmlReader.open(b, 0, b.length, new XmlLimits(100, 2, 10, 10, 10))) {
            x.next();
            x.next();
            XmlRejected e = assertThrows(XmlRejected.class, x::next);
            assertTrue(e.problem().detail().matches("element nesting deeper than maxDepth \\(2\\) at line 1, column \\d+"),
                    e.problem()::toString);
        }
    }

    @Test
    void quotedWireValuesAreShortAndFreeOfControlCharacters() {
        assertEquals("'a?b'", XmlRejected.quote("a\nb"));
        assertEquals("'" + "x".repeat(40) + "…'", XmlRejected.quote("x".repeat(41)));
        assertEquals("(absent)", XmlRejected.quote(null));
    }
}
