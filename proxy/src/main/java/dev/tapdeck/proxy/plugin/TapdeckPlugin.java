package dev.tapdeck.proxy.plugin;

/**
 * A plug-in the proxy loads by name with {@link java.util.ServiceLoader}: list the implementation class in
 * {@code META-INF/services/dev.tapdeck.proxy.plugin.TapdeckPlugin} and name it in the configuration
 * ({@code "plugins": [{"name": "deny-list", "settings": {…}}]} or {@code --plugin deny-list}). One instance
 * is made per configured use, then {@link #start} is called once before traffic flows.
 * <p>
 * What a plug-in sees depends on the interfaces it implements: {@link SendPlugin} (each object of each WinRM
 * Send, and each Command), {@link MessagePlugin} (each WebSocket message), {@link AuditPlugin} (each audit record).
 */
public interface TapdeckPlugin {
    /** The name the configuration uses, e.g. {@code deny-list}; unique among the plug-ins on the class path. */
    String name();

    /** Called once, on a worker thread, before the proxy listens; a failure stops the proxy from starting. */
    default void start(PluginContext context) throws Exception {
    }

    /** Called once when the proxy stops. */
    default void stop() {
    }
}
