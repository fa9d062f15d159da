package dev.tapdeck.replay;

import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Finds and replaces GUID text (ShellIds, CommandIds, SessionIds…) in XML values. */
final class Guids {
    static final Pattern GUID = Pattern.compile(
            "[0-9A-Fa-f]{8}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{4}-[0-9A-Fa-f]{12}");
    /** What an id becomes in a normalised field value: equal content, whatever the id. */
    static final String PLACEHOLDER = "{id}";

    private Guids() {
    }

    /** Replaces each GUID of {@code value} by {@link #PLACEHOLDER} and adds a slot for it. */
    static String extract(String path, String value, List<IdSlot> slots) {
        Matcher m = GUID.matcher(value);
        if (!m.find()) {
            return value;
        }
        StringBuilder sb = new StringBuilder(value.length());
        do {
            slots.add(IdSlot.text(path, m.group()));
            m.appendReplacement(sb, PLACEHOLDER.replace("{", "\\{").replace("}", "\\}"));
        } while (m.find());
        m.appendTail(sb);
        return sb.toString();
    }

    /** Replaces each GUID of {@code text} for which {@code replacement} answers non-null. */
    static String replace(String text, Function<String, String> replacement) {
        Matcher m = GUID.matcher(text);
        StringBuilder sb = null;
        while (m.find()) {
            String r = replacement.apply(m.group());
            if (r != null) {
                if (sb == null) {
                    sb = new StringBuilder(text.length());
                }
                m.appendReplacement(sb, Matcher.quoteReplacement(r));
            }
        }
        if (sb == null) {
            return text;
        }
        m.appendTail(sb);
        return sb.toString();
    }
}
