package dev.tapdeck.protocol.xml;

import java.util.Arrays;

import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

import dev.tapdeck.protocol.wsman.DecodeProblem.Kind;
import dev.tapdeck.protocol.wsman.XmlLimits;

/**
 * A single-pass StAX cursor that enforces {@link XmlLimits}, refuses DTDs and hands its user only
 * element boundaries: {@link #next()} stops at START_ELEMENT, END_ELEMENT and END_DOCUMENT, and
 * collects on the way the direct text of every open element, so that at an END_ELEMENT
 * {@link #text()} is that element's own text (child elements' text excluded). Every failure is an
 * {@link XmlRejected} naming the limit or the position; nothing else escapes except runtime bugs.
 *
 * <p>maxTextChars is checked on each text run as the coalescing parser delivers it, so one text costs
 * at most maxBytes characters of memory before it is refused.
 *
 * <p>Depth counts from 1 for the root element. At a START_ELEMENT {@link #depth()} is the depth of the
 * element that starts, at an END_ELEMENT the depth of the element that ends.
 */
public final class BoundedXmlReader implements AutoCloseable {
    private final XMLStreamReader r;
    private final XmlLimits limits;
    private int depth;
    private boolean popPending;
    private int elements;
    private String[] namespaces = new String[16];
    private String[] localNames = new String[16];
    private ElementText[] textStack = new ElementText[16];

    private BoundedXmlReader(XMLStreamReader r, XmlLimits limits) {
        this.r = r;
        this.limits = limits;
    }

    /** Opens {@code length} bytes from {@code offset}; refuses a body larger than {@code maxBytes} before parsing. */
    public static BoundedXmlReader open(byte[] body, int offset, int length, XmlLimits limits) throws XmlRejected {
        if (length > limits.maxBytes()) {
            throw new XmlRejected(Kind.LIMIT_EXCEEDED,
                    "body of " + length + " bytes exceeds maxBytes (" + limits.maxBytes() + " bytes)");
        }
        return new BoundedXmlReader(SafeXml.open(body, offset, length), limits);
    }

    /** Advances to the next START_ELEMENT, END_ELEMENT or END_DOCUMENT and returns that event type. */
    public int next() throws XmlRejected {
        if (popPending) {
            depth--;
            popPending = false;
        }
        try {
            while (true) {
                int event = r.next();
                switch (event) {
                    case XMLStreamConstants.START_ELEMENT:
                        started();
                        return event;
                    case XMLStreamConstants.END_ELEMENT:
                        popPending = true;
                        return event;
                    case XMLStreamConstants.END_DOCUMENT:
                        return event;
                    case XMLStreamConstants.CHARACTERS:
                    case XMLStreamConstants.CDATA:
                    case XMLStreamConstants.SPACE:
                        appendText();
                        break;
                    case XMLStreamConstants.DTD:
                        throw new XmlRejected(Kind.DTD_FORBIDDEN,
                                "a DOCTYPE declaration is forbidden" + XmlRejected.at(r.getLocation()));
                    case XMLStreamConstants.ENTITY_REFERENCE:
                        // only reachable if a parser reports undeclared entities instead of failing
                        throw new XmlRejected(Kind.DTD_FORBIDDEN, "entity reference &" + r.getLocalName()
                                + "; needs a DTD, which is forbidden" + XmlRejected.at(r.getLocation()));
                    default:
                        break; // comments, processing instructions
                }
            }
        } catch (XMLStreamException e) {
            throw XmlRejected.malformed(e);
        }
    }

    private void started() throws XmlRejected {
        int d = depth + 1;
        if (d > limits.maxDepth()) {
            throw limit("element nesting deeper than maxDepth (" + limits.maxDepth() + ")");
        }
        if (++elements > limits.maxElements()) {
            throw limit("more than maxElements (" + limits.maxElements() + ") elements");
        }
        int attributes = r.getAttributeCount() + r.getNamespaceCount();
        if (attributes > limits.maxAttributes()) {
            throw limit("an element with " + attributes + " attributes and namespace declarations exceeds maxAttributes ("
                    + limits.maxAttributes() + ")");
        }
        depth = d;
        if (d >= localNames.length) {
            int n = localNames.length * 2;
            localNames = Arrays.copyOf(localNames, n);
            namespaces = Arrays.copyOf(namespaces, n);
            textStack = Arrays.copyOf(textStack, n);
        }
        String ns = r.getNamespaceURI();
        namespaces[d] = ns == null ? "" : ns;
        localNames[d] = r.getLocalName();
        if (textStack[d] == null) {
            textStack[d] = new ElementText();
        }
        textStack[d].clear();
    }

    private void appendText() throws XmlRejected {
        if (depth == 0) {
            return; // whitespace around the root
        }
        ElementText t = textStack[depth];
        t.append(r.getText());
        if (t.length() > limits.maxTextChars()) {
            throw limit("a text value of more than maxTextChars (" + limits.maxTextChars() + ") characters in "
                    + XmlRejected.quote(localNames[depth]));
        }
    }

    private XmlRejected limit(String what) {
        return new XmlRejected(Kind.LIMIT_EXCEEDED, what + XmlRejected.at(r.getLocation()));
    }

    /** Depth of the current element (1 = root). */
    public int depth() {
        return depth;
    }

    /** Namespace URI of the current element, {@code ""} when it has none. */
    public String namespace() {
        return namespaces[depth];
    }

    public String localName() {
        return localNames[depth];
    }

    /** Whether the current element is {@code {namespace}localName}. */
    public boolean is(String namespace, String localName) {
        return localNames[depth].equals(localName) && namespaces[depth].equals(namespace);
    }

    /** Whether the open element at {@code levelsUp} above the current one (1 = parent) is {@code {namespace}localName}. */
    public boolean ancestorIs(int levelsUp, String namespace, String localName) {
        int d = depth - levelsUp;
        return d >= 1 && localNames[d].equals(localName) && namespaces[d].equals(namespace);
    }

    /** Local name of the open element at {@code levelsUp} above the current one, null above the root. */
    public String ancestorLocalName(int levelsUp) {
        int d = depth - levelsUp;
        return d >= 1 ? localNames[d] : null;
    }

    /**
     * An attribute of the current START_ELEMENT by local name: the unqualified one if present, else one in
     * any namespace (winrm4j writes {@code ns1:CommandId}), else null.
     */
    public String attribute(String localName) {
        String qualified = null;
        for (int i = 0, n = r.getAttributeCount(); i < n; i++) {
            if (localName.equals(r.getAttributeLocalName(i))) {
                String ns = r.getAttributeNamespace(i);
                if (ns == null || ns.isEmpty()) {
                    return r.getAttributeValue(i);
                }
                if (qualified == null) {
                    qualified = r.getAttributeValue(i);
                }
            }
        }
        return qualified;
    }

    /** An attribute of the current START_ELEMENT by namespace and local name (e.g. {@code xml:lang}), or null. */
    public String attribute(String namespace, String localName) {
        return r.getAttributeValue(namespace, localName);
    }

    /** At an END_ELEMENT: the element's own text, untrimmed, {@code ""} when it has none. */
    public String text() {
        return textStack[depth].toString();
    }

    /** At an END_ELEMENT: the element's own text, trimmed (OMI pads values with newlines). */
    public String trimmedText() {
        return textStack[depth].toString().trim();
    }

    @Override
    public void close() {
        try {
            r.close();
        } catch (XMLStreamException e) {
            // nothing to release for an in-memory source
        }
    }

    /** Direct text of one open element; a single chunk (the common case) is kept without copying. */
    private static final class ElementText {
        private String single;
        private StringBuilder more;

        void clear() {
            single = null;
            more = null;
        }

        void append(String chunk) {
            if (more != null) {
                more.append(chunk);
            } else if (single == null) {
                single = chunk;
            } else {
                more = new StringBuilder(single.length() + chunk.length()).append(single).append(chunk);
                single = null;
            }
        }

        int length() {
            return more != null ? more.length() : single == null ? 0 : single.length();
        }

        @Override
        public String toString() {
            return more != null ? more.toString() : single == null ? "" : single;
        }
    }
}
