package dev.tapdeck.recorder.redact;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state every part of one session's redaction shares: the stable {@link Placeholders}, the count of each
 * {@link RedactionKind}, and the values the user named by path (kept, bounded, so the audit record, which
 * repeats stdin, can be swept for them). Pure: no I/O, no clock.
 */
public final class Redactions {
    /** Most named values remembered for the sweep; values shorter than {@link #MIN_SWEPT} are not swept. */
    static final int MAX_SWEPT = 1024;
    static final int MIN_SWEPT = 4;

    private final Placeholders placeholders = new Placeholders();
    private final Map<RedactionKind, Long> counts = new EnumMap<>(RedactionKind.class);
    private final Map<String, String> swept = new LinkedHashMap<>();

    /** The placeholder of {@code secret}, counted under {@code kind}. */
    public String replace(RedactionKind kind, String secret) {
        count(kind);
        return placeholders.of(secret);
    }

    /** The placeholder as base64 (see {@link Placeholders#base64Of}), counted under {@code kind}. */
    public String replaceBase64(RedactionKind kind, String secret) {
        count(kind);
        return placeholders.base64Of(secret);
    }

    /** The placeholder of {@code secret} without counting it (a copy of a value already counted). */
    String placeholderOf(String secret) {
        return placeholders.of(secret);
    }

    boolean sweeping() {
        return !swept.isEmpty();
    }

    public void count(RedactionKind kind) {
        counts.merge(kind, 1L, Long::sum);
    }

    /** Remembers a user-named value so later copies of it (audit records) are replaced too. */
    void sweepLater(String value, String placeholder) {
        if (value != null && value.length() >= MIN_SWEPT && swept.size() < MAX_SWEPT) {
            swept.putIfAbsent(value, placeholder);
        }
    }

    /** {@code text} with every remembered value replaced by its placeholder, longest values first. */
    String sweep(String text) {
        if (text == null || swept.isEmpty()) {
            return text;
        }
        List<Map.Entry<String, String>> byLength = new ArrayList<>(swept.entrySet());
        byLength.sort((a, b) -> b.getKey().length() - a.getKey().length());
        String out = text;
        for (Map.Entry<String, String> e : byLength) {
            out = out.replace(e.getKey(), e.getValue());
        }
        return out;
    }

    /** Counts by JSON kind name, in {@link RedactionKind} order; only kinds that happened. */
    public Map<String, Long> counts() {
        Map<String, Long> out = new LinkedHashMap<>();
        counts.forEach((k, v) -> out.put(k.jsonName(), v));
        return out;
    }

    public long countOf(RedactionKind kind) {
        return counts.getOrDefault(kind, 0L);
    }
}
