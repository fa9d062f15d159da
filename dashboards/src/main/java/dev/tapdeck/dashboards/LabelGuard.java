package dev.tapdeck.dashboards;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Caps the distinct values of each metric label: past {@code maxValues}, a new value is reported as
 * {@code other}. Label values mostly come from closed sets, but a plug-in name or an audit outcome is text,
 * and every distinct value is a time series kept forever.
 */
final class LabelGuard {
    static final String OTHER = "other";

    private final int maxValues;
    private final Map<String, Set<String>> seen = new ConcurrentHashMap<>();

    LabelGuard(int maxValues) {
        this.maxValues = maxValues;
    }

    String of(String label, String value) {
        String v = value == null || value.isEmpty() ? "none" : value;
        Set<String> values = seen.computeIfAbsent(label, k -> ConcurrentHashMap.newKeySet());
        if (values.contains(v)) {
            return v;
        }
        synchronized (values) {
            if (values.size() >= maxValues) {
                return OTHER;
            }
            values.add(v);
            return v;
        }
    }
}
