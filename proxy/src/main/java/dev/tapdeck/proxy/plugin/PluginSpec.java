package dev.tapdeck.proxy.plugin;

import io.vertx.core.json.JsonObject;

/**
 * One configured use of a plug-in: its name and its settings object, as in the configuration file
 * ({@code {"name": "size-limit", "settings": {"maxBytes": 65536}}}).
 */
public record PluginSpec(String name, JsonObject settings) {
    public PluginSpec {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException("a plug-in needs a name");
        }
        settings = settings == null ? new JsonObject() : settings.copy();
    }

    public static PluginSpec named(String name) {
        return new PluginSpec(name, null);
    }
}
