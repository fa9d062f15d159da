package dev.tapdeck.protocol.clixml;

import dev.tapdeck.protocol.xml.XmlRejected;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The walk over one CLIXML document. Object and type-name RefIds are scoped to the document, as one
 * serializer/deserializer pair serves one message ([MS-PSRP] 2.2.5.3.3).
 */
final class ClixmlParser {
    private final XmlCursor c;
    private final Map<String, PsObject> objects = new HashMap<>();
    private final Set<String> enclosing = new HashSet<>();
    private final Map<String, List<String>> typeNames = new HashMap<>();

    ClixmlParser(XmlCursor cursor) {
        this.c = cursor;
    }

    /** One value for a single root, one per child for an {@code <Objs>} root. */
    List<PsValue> document() throws XmlRejected {
        c.root();
        List<PsValue> values = c.name().equals("Objs") ? items() : List.of(value());
        c.drain();
        return values;
    }

    /** Reads the value element the cursor is on, up to its end tag. */
    private PsValue value() throws XmlRejected {
        String name = c.name();
        switch (name) {
            case "Obj":
                return object();
            case "Ref":
                return reference();
            case "Nil":
                c.text();
                return PsNil.INSTANCE;
            case "SS":
                return new PsSecureString(c.text().strip()); // [MS-PSRP] 2.2.5.1.24: kept opaque
            case "PR":
                return progressRecord();
            default:
                PrimitiveType type = PrimitiveType.fromElement(name);
                if (type == null) {
                    throw XmlCursor.invalid("unknown element <" + name + ">");
                }
                String text = c.text();
                try {
                    return new PsPrimitive(type, type.parse(text));
                } catch (IllegalArgumentException e) {
                    String shown = text.length() > 40 ? text.substring(0, 40) + "…" : text;
                    throw XmlCursor.invalid("<" + name + "> '" + shown + "' is not a valid " + type);
                }
        }
    }

    /** [MS-PSRP] 2.2.5.2.2: TN or TNRef, ToString, one content element, Props and MS, in any order. */
    private PsObject object() throws XmlRejected {
        String refId = c.attribute("RefId");
        if (refId != null) {
            enclosing.add(refId);
        }
        List<String> types = List.of();
        String toString = null;
        PsValue content = null;
        List<PsProperty> adapted = new ArrayList<>();
        List<PsProperty> extended = new ArrayList<>();
        while (c.nextChild()) {
            String name = c.name();
            PsValue item = null;
            switch (name) {
                case "TN":
                    types = typeNames();
                    break;
                case "TNRef":
                    String ref = c.requiredAttribute("RefId");
                    types = typeNames.get(ref);
                    if (types == null) {
                        throw XmlCursor.invalid("<TNRef> to unknown RefId " + ref);
                    }
                    c.text();
                    break;
                case "ToString":
                    toString = ClixmlStrings.decode(c.text()); // [MS-PSRP] 2.2.5.2.4: encoded per 2.2.5.3.2
                    break;
                case "Props":
                    adapted.addAll(properties());
                    break;
                case "MS":
                    extended.addAll(properties());
                    break;
                case "DCT":
                    item = dictionary();
                    break;
                default:
                    PsCollection.Kind kind = PsCollection.Kind.fromElement(name);
                    item = kind != null ? new PsCollection(kind, items()) : value();
            }
            if (item != null && content != null) {
                throw XmlCursor.invalid("<Obj RefId=\"" + refId + "\"> holds more than one value");
            }
            content = item != null ? item : content;
        }
        PsObject obj = new PsObject(refId, types, toString, content, adapted, extended);
        if (refId != null) {
            enclosing.remove(refId);
            objects.put(refId, obj);
        }
        return obj;
    }

    /** [MS-PSRP] 2.2.5.2.1.2: the object an earlier {@code <Obj RefId>} defined. */
    private PsValue reference() throws XmlRejected {
        String refId = c.requiredAttribute("RefId");
        c.text();
        PsObject earlier = objects.get(refId);
        if (earlier != null) {
            return earlier;
        }
        if (enclosing.contains(refId)) {
            return new PsCycleRef(refId);
        }
        throw XmlCursor.invalid("<Ref> to unknown RefId " + refId);
    }

    /** [MS-PSRP] 2.2.5.2.3: T elements, most specific first, remembered for later TNRef. */
    private List<String> typeNames() throws XmlRejected {
        String refId = c.attribute("RefId");
        List<String> names = new ArrayList<>();
        while (c.nextChild()) {
            c.expect("T");
            names.add(ClixmlStrings.decode(c.text()));
        }
        if (refId != null) {
            typeNames.put(refId, List.copyOf(names));
        }
        return names;
    }

    /** Props or MS children; a nested MS is a property set ([MS-PSRP] 2.2.5.2.9). */
    private List<PsProperty> properties() throws XmlRejected {
        List<PsProperty> props = new ArrayList<>();
        while (c.nextChild()) {
            String name = c.attribute("N");
            name = name == null ? null : ClixmlStrings.decode(name); // [MS-PSRP] 2.2.5.3.1
            PsValue v = c.name().equals("MS")
                    ? new PsObject(null, List.of(), null, null, List.of(), properties())
                    : value();
            props.add(new PsProperty(name, v));
        }
        return props;
    }

    private List<PsValue> items() throws XmlRejected {
        List<PsValue> items = new ArrayList<>();
        while (c.nextChild()) {
            items.add(value());
        }
        return items;
    }

    /** [MS-PSRP] 2.2.5.2.6.4: En elements, each with a value named Key and a value named Value. */
    private PsDictionary dictionary() throws XmlRejected {
        List<PsDictionary.Entry> entries = new ArrayList<>();
        while (c.nextChild()) {
            c.expect("En");
            PsValue key = null;
            PsValue val = null;
            while (c.nextChild()) {
                String n = c.attribute("N");
                if ("Key".equals(n)) {
                    key = value();
                } else if ("Value".equals(n)) {
                    val = value();
                } else {
                    throw XmlCursor.invalid("<En> child named " + n + ", expected Key or Value");
                }
            }
            if (key == null || val == null) {
                throw XmlCursor.invalid("<En> without " + (key == null ? "Key" : "Value"));
            }
            entries.add(new PsDictionary.Entry(key, val));
        }
        return new PsDictionary(entries);
    }

    /** The compact progress record of CLIXML output streams: AV AI CO|Nil PI PC T SR SD. */
    private PsProgressRecord progressRecord() throws XmlRejected {
        Map<String, String> fields = new HashMap<>();
        while (c.nextChild()) {
            String name = c.name();
            String text = c.text();
            fields.put(name.equals("Nil") ? "CO" : name, name.equals("Nil") ? null : ClixmlStrings.decode(text));
        }
        try {
            return new PsProgressRecord(fields.get("AV"), number(fields.get("AI")), fields.get("CO"), number(fields.get("PI")),
                    number(fields.get("PC")), fields.get("T"), number(fields.get("SR")), fields.get("SD"));
        } catch (IllegalArgumentException e) {
            throw XmlCursor.invalid("<PR> with a non-numeric field");
        }
    }

    private static int number(String text) {
        return text == null ? 0 : (Integer) PrimitiveType.SIGNED_INT.parse(text);
    }
}
