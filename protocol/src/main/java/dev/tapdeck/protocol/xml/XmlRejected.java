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
