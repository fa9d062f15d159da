package dev.tapdeck.protocol.clixml;

import dev.tapdeck.protocol.xml.XmlEscape;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes {@link PsValue}s as CLIXML ([MS-PSRP] 2.2.5), the counterpart of {@link ClixmlReader}, in the compact
 * form PowerShell's serializer uses on the wire: no whitespace, {@code <Nil N="x" />}, RefIds numbered from 0
 * in document order. An object met a second time (the same instance, as the reader gives for {@code <Ref>})
 * becomes {@code <Ref>}; a repeated type-name list becomes {@code <TNRef>} ([MS-PSRP] 2.2.5.2.1, 2.2.5.2.3).
 * Strings, property names, type names and ToString are encoded per [MS-PSRP] 2.2.5.3.2, then XML-escaped.
 *
 * <p>A nested property set ({@code <MS N="…">}, read as an object with extended properties only) is written
 * back as an {@code <Obj>}: PowerShell reads both the same way.
 */
public final class ClixmlWriter {
    /** The namespace of a whole CLIXML document ([MS-PSRP] 2.2.5); PSRP message Data has none. */
    public static final String DOCUMENT_NAMESPACE = "http://schemas.microsoft.com/powershell/2004/04";

    private final StringBuilder out = new StringBuilder(256);
    private final Map<PsObject, Integer> objects = new IdentityHashMap<>();
    private final Map<String, Integer> enclosing = new HashMap<>();
    private final Map<List<String>, Integer> typeNames = new HashMap<>();

    private ClixmlWriter() {
    }

    /** One value as PSRP message Data: a single root element, no XML declaration, no namespace. */
    public static String write(PsValue value) {
        ClixmlWriter w = new ClixmlWriter();
        w.value(null, value);
        return w.out.toString();
    }

    /** {@link #write} as UTF-8 bytes, without a byte order mark. */
    public static byte[] utf8(PsValue value) {
        return write(value).getBytes(StandardCharsets.UTF_8);
    }

    /** A whole {@code <Objs>} document, as Export-Clixml writes it; RefIds are shared across its values. */
    public static String document(List<PsValue> values) {
        ClixmlWriter w = new ClixmlWriter();
        w.out.append("<Objs Version=\"1.1.0.1\" xmlns=\"").append(DOCUMENT_NAMESPACE).append("\">");
        for (PsValue v : values) {
            w.value(null, v);
        }
        return w.out.append("</Objs>").toString();
    }

    private void value(String name, PsValue v) {
        if (v instanceof PsPrimitive p) {
            leaf(p.type().element(), name, p.type().format(p.value()));
        } else if (v instanceof PsNil) {
            empty("Nil", name);
        } else if (v instanceof PsSecureString s) {
            leaf("SS", name, s.ciphertext()); // [MS-PSRP] 2.2.5.1.24: opaque base64, never decrypted
        } else if (v instanceof PsObject o) {
            object(name, o);
        } else if (v instanceof PsCollection c) {
            collection(c); // only inside an Obj; a bare container has no name of its own
        } else if (v instanceof PsDictionary d) {
            dictionary(d);
        } else if (v instanceof PsProgressRecord pr) {
            progressRecord(name, pr);
        } else if (v instanceof PsCycleRef ref) {
            Integer id = enclosing.get(ref.refId());
            reference(name, id != null ? id.toString() : ref.refId());
        }
    }

    /** [MS-PSRP] 2.2.5.2.2: TN or TNRef, ToString, the content, Props, MS. */
    private void object(String name, PsObject o) {
        Integer earlier = objects.get(o);
        if (earlier != null) {
            reference(name, earlier.toString()); // [MS-PSRP] 2.2.5.2.1.2
            return;
        }
        int refId = objects.size();
        objects.put(o, refId);
        if (o.refId() != null) {
            enclosing.put(o.refId(), refId);
        }
        open("Obj", name).append(" RefId=\"").append(refId).append("\">");
        if (!o.typeNames().isEmpty()) {
            typeNames(o.typeNames());
        }
        if (o.toStringValue() != null) {
            leaf("ToString", null, ClixmlStrings.encode(o.toStringValue()));
        }
        if (o.content() != null) {
            value(null, o.content());
        }
        properties("Props", o.adaptedProperties());
        properties("MS", o.extendedProperties());
        out.append("</Obj>");
        if (o.refId() != null) {
            enclosing.remove(o.refId());
        }
    }

    private void typeNames(List<String> names) {
        Integer earlier = typeNames.get(names);
        if (earlier != null) {
            out.append("<TNRef RefId=\"").append(earlier).append("\" />");
            return;
        }
        int id = typeNames.size();
        typeNames.put(names, id);
        out.append("<TN RefId=\"").append(id).append("\">");
        for (String t : names) {
            leaf("T", null, ClixmlStrings.encode(t));
        }
        out.append("</TN>");
    }

    private void properties(String element, List<PsProperty> props) {
        if (props.isEmpty()) {
            return;
        }
        out.append('<').append(element).append('>');
        for (PsProperty p : props) {
            value(p.name(), p.value());
        }
        out.append("</").append(element).append('>');
    }

    /** [MS-PSRP] 2.2.5.2.6.1 to 2.2.5.2.6.3. */
    private void collection(PsCollection c) {
        String element = c.kind().element();
        if (c.items().isEmpty()) {
            empty(element, null);
            return;
        }
        out.append('<').append(element).append('>');
        for (PsValue item : c.items()) {
            value(null, item);
        }
        out.append("</").append(element).append('>');
    }

    /** [MS-PSRP] 2.2.5.2.6.4: each entry an {@code <En>} with a value named Key and one named Value. */
    private void dictionary(PsDictionary d) {
        if (d.entries().isEmpty()) {
            empty("DCT", null);
            return;
        }
        out.append("<DCT>");
        for (PsDictionary.Entry e : d.entries()) {
            out.append("<En>");
            value("Key", e.key());
            value("Value", e.value());
            out.append("</En>");
        }
        out.append("</DCT>");
    }

    private void progressRecord(String name, PsProgressRecord pr) {
        open("PR", name).append('>');
        leaf("AV", null, ClixmlStrings.encode(pr.activity() == null ? "" : pr.activity()));
        leaf("AI", null, Integer.toString(pr.activityId()));
        if (pr.currentOperation() == null) {
            empty("Nil", null);
        } else {
            leaf("CO", null, ClixmlStrings.encode(pr.currentOperation()));
        }
        leaf("PI", null, Integer.toString(pr.parentActivityId()));
        leaf("PC", null, Integer.toString(pr.percentComplete()));
        leaf("T", null, ClixmlStrings.encode(pr.recordType() == null ? "" : pr.recordType()));
        leaf("SR", null, Integer.toString(pr.secondsRemaining()));
        leaf("SD", null, ClixmlStrings.encode(pr.statusDescription() == null ? "" : pr.statusDescription()));
        out.append("</PR>");
    }

    private void reference(String name, String refId) {
        open("Ref", name).append(" RefId=\"");
        XmlEscape.attribute(out, refId).append("\" />");
    }

    /** {@code <element N="name">text</element>}; {@code text} is already encoded per 2.2.5.3.2 where needed. */
    private void leaf(String element, String name, String text) {
        open(element, name).append('>');
        XmlEscape.text(out, text).append("</").append(element).append('>');
    }

    private void empty(String element, String name) {
        open(element, name).append(" />");
    }

    /** {@code <element} and the N attribute, encoded per [MS-PSRP] 2.2.5.3.1; the caller closes the tag. */
    private StringBuilder open(String element, String name) {
        out.append('<').append(element);
        if (name != null) {
            out.append(" N=\"");
            XmlEscape.attribute(out, ClixmlStrings.encode(name)).append('"');
        }
        return out;
    }
}
