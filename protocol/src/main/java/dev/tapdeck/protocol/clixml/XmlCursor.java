package dev.tapdeck.protocol.clixml;

import dev.tapdeck.protocol.wsman.DecodeProblem.Kind;
import dev.tapdeck.protocol.wsman.XmlLimits;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * A StAX reader seen element by element, with every event checked: DTDs refused, depth, element count,
 * attribute count and text length bounded by {@link XmlLimits}, each crossing reported with the limit's name.
 */
final class XmlCursor {
    private final XMLStreamReader r;
    private final XmlLimits limits;
    private int depth;
    private int elements;

    XmlCursor(XMLStreamReader r, XmlLimits limits) {
        this.r = r;
        this.limits = limits;
    }

    /** Moves to the root element. */
    void root() throws XMLStreamException, ClixmlException {
        int e = next();
        while (e != XMLStreamConstants.START_ELEMENT) {
            if (e == XMLStreamConstants.END_DOCUMENT) {
                throw new ClixmlException(Kind.MALFORMED_XML, "no root element");
            }
            e = next();
        }
    }

    /** Reads to the end of the document (comments, whitespace; the parser rejects a second root). */
    void drain() throws XMLStreamException, ClixmlException {
        while (r.hasNext()) {
            next();
        }
    }

    /** The local name of the current element (namespaces are not significant in CLIXML). */
    String name() {
        return r.getLocalName();
    }

    /** An attribute of the current element, or null. */
    String attribute(String name) {
        return r.getAttributeValue(null, name);
    }

    String requiredAttribute(String name) throws ClixmlException {
        String v = attribute(name);
        if (v == null) {
            throw new ClixmlException(Kind.INVALID_VALUE, "<" + name() + "> without " + name);
        }
        return v;
    }

    void expect(String name) throws ClixmlException {
        if (!name().equals(name)) {
            throw new ClixmlException(Kind.INVALID_VALUE, "unexpected <" + name() + ">, expected <" + name + ">");
        }
    }

    /** Moves to the next child element (true) or to the end tag of the current element (false). */
    boolean nextChild() throws XMLStreamException, ClixmlException {
        while (true) {
            int e = next();
            if (e == XMLStreamConstants.START_ELEMENT) {
                return true;
            }
            if (e == XMLStreamConstants.END_ELEMENT) {
                return false;
            }
            if (isText(e) && !r.getText().isBlank()) {
                throw new ClixmlException(Kind.INVALID_VALUE, "unexpected text in a structural element");
            }
        }
    }

    /** The text of the current leaf element, up to its end tag; a child element is an error. */
    String text() throws XMLStreamException, ClixmlException {
        String element = name();
        StringBuilder sb = new StringBuilder();
        while (true) {
            int e = next();
            if (e == XMLStreamConstants.END_ELEMENT) {
                return sb.toString();
            }
            if (e == XMLStreamConstants.START_ELEMENT) {
                throw new ClixmlException(Kind.INVALID_VALUE, "<" + name() + "> inside <" + element + ">");
            }
            if (isText(e)) {
                if (sb.length() + r.getTextLength() > limits.maxTextChars()) {
                    throw new ClixmlException(Kind.LIMIT_EXCEEDED, "text of <" + element + "> exceeds maxTextChars=" + limits.maxTextChars());
                }
                sb.append(r.getTextCharacters(), r.getTextStart(), r.getTextLength());
            }
        }
    }

    private static boolean isText(int e) {
        return e == XMLStreamConstants.CHARACTERS || e == XMLStreamConstants.CDATA || e == XMLStreamConstants.SPACE;
    }

    private int next() throws XMLStreamException, ClixmlException {
        int e = r.next();
        if (e == XMLStreamConstants.DTD) {
            throw new ClixmlException(Kind.DTD_FORBIDDEN, "document type declarations are not allowed in CLIXML");
        }
        if (e == XMLStreamConstants.ENTITY_REFERENCE) {
            throw new ClixmlException(Kind.MALFORMED_XML, "undeclared entity reference &" + r.getLocalName() + ";");
        }
        if (e == XMLStreamConstants.START_ELEMENT) {
            if (++depth > limits.maxDepth()) {
                throw new ClixmlException(Kind.LIMIT_EXCEEDED, "element nesting exceeds maxDepth=" + limits.maxDepth());
            }
            if (++elements > limits.maxElements()) {
                throw new ClixmlException(Kind.LIMIT_EXCEEDED, "more than maxElements=" + limits.maxElements() + " elements");
            }
            if (r.getAttributeCount() > limits.maxAttributes()) {
                throw new ClixmlException(Kind.LIMIT_EXCEEDED, "<" + r.getLocalName() + "> has more than maxAttributes="
                        + limits.maxAttributes() + " attributes");
            }
        } else if (e == XMLStreamConstants.END_ELEMENT) {
            depth--;
        }
        return e;
    }
}
