package dev.tapdeck.proxy.plugin;

import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;

/**
 * What a plug-in gets at start.
 *
 * @param vertx    the proxy's Vert.x instance (for HTTP clients, timers); never block its event loops
 * @param settings the plug-in's {@code settings} object from the configuration, empty when none was given
 */
public record PluginContext(Vertx vertx, JsonObject settings) {
    public PluginContext {
        settings = settings == null ? new JsonObject() : settings.copy();
    }
}
