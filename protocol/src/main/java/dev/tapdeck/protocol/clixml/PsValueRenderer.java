package dev.tapdeck.protocol.clixml;

import java.util.List;

/**
 * One-line, length-bounded text for a value, for logs and audit records: strings as they are, objects by
 * their ToString, containers as {@code [a, b]} and {@code {k=v}}, SecureStrings as
 * {@value PsSecureString#RENDERED}. Output stops at the bound, so shared references ({@code <Ref>}) cannot
 * make rendering exponential.
 */
public final class PsValueRenderer {
    private static final String ELLIPSIS = "…";

    private final StringBuilder out = new StringBuilder();
    private final int maxChars;

    private PsValueRenderer(int maxChars) {
        this.maxChars = maxChars;
    }

    /** At most {@code maxChars} characters, ending with … when cut. */
    public static String render(PsValue value, int maxChars) {
        PsValueRenderer r = new PsValueRenderer(Math.max(1, maxChars));
        r.value(value);
        return r.out.toString();
    }

    private boolean full() {
        return out.length() >= maxChars;
    }

    private void append(String s) {
        if (full()) {
            return;
        }
        int room = maxChars - out.length();
        if (s.length() <= room) {
            out.append(s);
        } else {
            out.append(s, 0, room - 1).append(ELLIPSIS);
        }
    }

    private void value(PsValue v) {
        if (full()) {
            return;
        }
        if (v instanceof PsPrimitive p) {
            primitive(p);
        } else if (v instanceof PsNil) {
            append("$null");
        } else if (v instanceof PsSecureString) {
            append(PsSecureString.RENDERED);
        } else if (v instanceof PsCollection c) {
            list(c.items());
        } else if (v instanceof PsDictionary d) {
            dictionary(d);
        } else if (v instanceof PsObject o) {
            object(o);
        } else if (v instanceof PsProgressRecord pr) {
            append(pr.activity() + ": " + pr.statusDescription() + " (" + pr.percentComplete() + "%)");
        } else if (v instanceof PsCycleRef ref) {
            append("<cycle RefId=" + ref.refId() + ">");
        }
    }

    private void primitive(PsPrimitive p) {
        if (p.value() instanceof Boolean b) {
            append(b ? "True" : "False"); // as PowerShell shows them
        } else if (p.value() instanceof byte[] bytes) {
            append("<" + bytes.length + " bytes>");
        } else {
            append(p.text());
        }
    }

    private void object(PsObject o) {
        boolean container = o.content() instanceof PsCollection || o.content() instanceof PsDictionary;
        if (container) {
            value(o.content()); // a hashtable's ToString is its type name: the entries say more
        } else if (o.toStringValue() != null) {
            append(o.toStringValue());
        } else if (o.content() != null) {
            value(o.content());
        } else {
            properties(o);
        }
    }

    private void properties(PsObject o) {
        append("{");
        boolean first = true;
        for (List<PsProperty> props : List.of(o.extendedProperties(), o.adaptedProperties())) {
            for (PsProperty p : props) {
                if (full()) {
                    return;
                }
                append(first ? "" : "; ");
                first = false;
                append(p.name() + "=");
                value(p.value());
            }
        }
        append("}");
    }

    private void list(List<PsValue> items) {
        append("[");
        for (int i = 0; i < items.size() && !full(); i++) {
            append(i == 0 ? "" : ", ");
            value(items.get(i));
        }
        append("]");
    }

    private void dictionary(PsDictionary d) {
        append("{");
        for (int i = 0; i < d.entries().size() && !full(); i++) {
            append(i == 0 ? "" : "; ");
            value(d.entries().get(i).key());
            append("=");
            value(d.entries().get(i).value());
        }
        append("}");
    }
}
