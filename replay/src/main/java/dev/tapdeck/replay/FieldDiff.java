package dev.tapdeck.replay;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One field that differs between a recorded and a live message, and the field-by-field comparison that
 * finds them. Values are the normalised ones (ids shown as {@code {id}}), shortened for reading.
 *
 * @param field    the field path (e.g. {@code Header/Action}, {@code Body/Send/Stream[Name=stdin] fragment 0 message})
 * @param recorded the recorded value, null when the recorded message has no such field
 * @param live     the live value, null when the live message has no such field
 */
public record FieldDiff(String field, String recorded, String live) {
    private static final int SHOWN = 160;

    /** Every field whose value differs, in recorded order then live-only fields. */
    public static List<FieldDiff> between(NormalisedMessage recorded, NormalisedMessage live) {
        Set<String> keys = new LinkedHashSet<>(recorded.fields().keySet());
        keys.addAll(live.fields().keySet());
        List<FieldDiff> out = new ArrayList<>();
        for (String k : keys) {
            String r = recorded.fields().get(k);
            String l = live.fields().get(k);
            if (r == null ? l != null : !r.equals(l)) {
                out.add(new FieldDiff(k, r, l));
            }
        }
        return out;
    }

    /** "field: recorded "…", live "…"", with the first difference of long values in view. */
    public String render() {
        int from = 0;
        if (recorded != null && live != null) {
            int n = Math.min(recorded.length(), live.length());
            while (from < n && recorded.charAt(from) == live.charAt(from)) {
                from++;
            }
            from = Math.max(0, from - 40);
        }
        return field + ": recorded " + show(recorded, from) + ", live " + show(live, from);
    }

    private static String show(String v, int from) {
        if (v == null) {
            return "(absent)";
        }
        String s = from > 0 && from < v.length() ? "…" + v.substring(from) : v;
        s = s.length() > SHOWN ? s.substring(0, SHOWN) + "… (" + v.length() + " chars)" : s;
        return "\"" + s.replace("\r", "\\r").replace("\n", "\\n") + "\"";
    }
}
