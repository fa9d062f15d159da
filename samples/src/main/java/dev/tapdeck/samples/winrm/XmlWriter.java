package dev.tapdeck.samples.winrm;

import dev.tapdeck.protocol.xml.XmlEscape;

import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A minimal XML builder for the server's response envelopes: element names are written as given (the caller
 * owns the prefixes and declares the namespaces), text and attribute values are always escaped, and
 * characters XML 1.0 cannot carry are replaced by U+FFFD so that an echoed client value can never break
 * the document.
 */
final class XmlWriter {
    private final StringBuilder out = new StringBuilder(1024);
    private final Deque<String> open = new ArrayDeque<>();

    /** Writes {@code <name a="v" ...>}; {@code attributes} alternate name and value, null values are skipped. */
    XmlWriter start(String name, String... attributes) {
        writeTag(name, attributes);
        out.append('>');
        open.push(name);
        return this;
    }

    /** Closes the innermost open element. */
    XmlWriter end() {
        out.append("</").append(open.pop()).append('>');
        return this;
    }

    /** Writes {@code <name .../>}, the shape Windows uses for empty replies such as {@code rsp:SendResponse}. */
    XmlWriter empty(String name, String... attributes) {
        writeTag(name, attributes);
        out.append("/>");
        return this;
    }

    /**
     * Writes {@code <name ...>text</name>}; an empty text gives {@code <name ...></name>}, the shape Windows
     * uses for an empty {@code rsp:Stream} with {@code End="true"}.
     */
    XmlWriter leaf(String name, String text, String... attributes) {
        start(name, attributes);
        text(text);
        return end();
    }

    XmlWriter text(String text) {
        XmlEscape.text(out, text);
        return this;
    }

    /** The document; every element must be closed. */
    String toXml() {
        if (!open.isEmpty()) {
            throw new IllegalStateException("unclosed elements: " + open);
        }
        return out.toString();
    }

    private void writeTag(String name, String... attributes) {
        if ((attributes.length & 1) != 0) {
            throw new IllegalArgumentException("attributes come in name/value pairs");
        }
        out.append('<').append(name);
        for (int i = 0; i < attributes.length; i += 2) {
            if (attributes[i + 1] != null) {
                out.append(' ').append(attributes[i]).append("=\"");
                XmlEscape.attribute(out, attributes[i + 1]);
                out.append('"');
            }
        }
    }
}
