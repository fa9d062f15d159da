package dev.tapdeck.protocol.xml;

import javax.xml.stream.Location;
import javax.xml.stream.XMLStreamException;

import dev.tapdeck.protocol.wsman.DecodeProblem;

/**
 * Thrown inside the XML readers when a document cannot be read (malformed, DTD, over a limit); the
 * public decoders catch it and return the {@link DecodeProblem} instead. It carries no stack trace:
 * hostile input is expected and must stay cheap to reject.
 */
public final class XmlRejected extends Exception {
    private static final long serialVersionUID = 1L;

    private static final int QUOTE_MAX = 40;

    private final transient DecodeProblem problem;

    public XmlRejected(DecodeProblem.Kind kind, String detail) {
        super(detail, null, false, false);
        this.problem = new DecodeProblem(kind, detail);
    }

    public DecodeProblem problem() {
        return problem;
    }

    /** A parser error as MALFORMED_XML, with the line and column where the parser stopped. */
    public static XmlRejected malformed(XMLStreamException e) {
        return new XmlRejected(DecodeProblem.Kind.MALFORMED_XML,
                "malformed XML" + at(e.getLocation()) + ": " + parserMessage(e));
    }

    /** {@code " at line L, column C"}, or nothing when the position is unknown. */
    public static String at(Location location) {
        if (location == null || location.getLineNumber() < 0) {
            return "";
        }
        return " at line " + location.getLineNumber() + ", column " + location.getColumnNumber();
    }

    /**
     * A value from the wire quoted for a problem sentence: at most 40 characters, control characters
     * replaced, so that a hostile value can neither flood nor forge a log line.
     */
    public static String quote(String value) {
        if (value == null) {
            return "(absent)";
        }
        StringBuilder b = new StringBuilder(QUOTE_MAX + 3).append('\'');
        for (int i = 0; i < value.length() && i < QUOTE_MAX; i++) {
            char c = value.charAt(i);
            b.append(c < 0x20 || c == 0x7f ? '?' : c);
        }
        return b.append(value.length() > QUOTE_MAX ? "…'" : "'").toString();
    }

    // The JDK prefixes its message with "ParseError at [row,col]:[l,c]\nMessage: "; the position is
    // already reported from the Location, so keep only the sentence.
    private static String parserMessage(XMLStreamException e) {
        String m = e.getMessage();
        if (m == null) {
            return e.getClass().getSimpleName();
        }
        int i = m.lastIndexOf("Message: ");
        return (i >= 0 ? m.substring(i + "Message: ".length()) : m).trim();
    }
}
