package dev.tapdeck.protocol.clixml;

import dev.tapdeck.protocol.wsman.DecodeProblem.Kind;
import dev.tapdeck.protocol.xml.BoundedXmlReader;
import dev.tapdeck.protocol.xml.XmlRejected;
import javax.xml.stream.XMLStreamConstants;

/**
 * The element-by-element view the CLIXML walk needs, over the shared {@link BoundedXmlReader} (which
 * refuses DTDs and enforces the {@code XmlLimits}): children of the current element, and the text of
 * leaf elements. CLIXML names are matched by local name only.
 */
final class XmlCursor {
    private final BoundedXmlReader r;

    XmlCursor(BoundedXmlReader reader) {
        this.r = reader;
    }

    /** Moves to the root element. */
    void root() throws XmlRejected {
        if (r.next() != XMLStreamConstants.START_ELEMENT) {
            throw new XmlRejected(Kind.MALFORMED_XML, "no root element");
        }
    }

    /** Reads to the end of the document (the parser rejects a second root element). */
    void drain() throws XmlRejected {
        while (r.next() != XMLStreamConstants.END_DOCUMENT) {
            // trailing comments and whitespace only
        }
    }

    /** The local name of the current element. */
    String name() {
        return r.localName();
    }

    /** An attribute of the current start tag, or null. */
    String attribute(String name) {
        return r.attribute(name);
    }

    String requiredAttribute(String name) throws XmlRejected {
        String v = r.attribute(name);
        if (v == null) {
            throw invalid("<" + name() + "> without " + name);
        }
        return v;
    }

    void expect(String name) throws XmlRejected {
        if (!name().equals(name)) {
            throw invalid("unexpected <" + name() + ">, expected <" + name + ">");
        }
    }

    /** Moves to the next child element (true), or to the end tag of the current element (false). */
    boolean nextChild() throws XmlRejected {
        int e = r.next();
        if (e == XMLStreamConstants.START_ELEMENT) {
            return true;
        }
        if (e != XMLStreamConstants.END_ELEMENT) {
            throw new XmlRejected(Kind.MALFORMED_XML, "document ended inside <" + name() + ">");
        }
        if (!r.text().isBlank()) {
            throw invalid("unexpected text in <" + name() + ">");
        }
        return false;
    }

    /** The text of the current leaf element, up to its end tag; a child element is an error. */
    String text() throws XmlRejected {
        String element = name();
        if (r.next() != XMLStreamConstants.END_ELEMENT) {
            throw invalid("<" + name() + "> inside <" + element + ">");
        }
        return r.text();
    }

    static XmlRejected invalid(String detail) {
        return new XmlRejected(Kind.INVALID_VALUE, detail);
    }
}
