package dev.tapdeck.samples.plugins;

import java.util.LinkedHashMap;
import java.util.Map;

/** A map that forgets its least recently used entry past {@code max} entries: per-command state stays bounded. */
final class Lru<K, V> extends LinkedHashMap<K, V> {
    private final int max;

    Lru(int max) {
        super(16, 0.75f, true);
        this.max = max;
    }

    @Override
    protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
        return size() > max;
    }
}
