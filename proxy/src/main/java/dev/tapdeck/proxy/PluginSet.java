package dev.tapdeck.proxy;

import dev.tapdeck.proxy.plugin.AuditPlugin;
import dev.tapdeck.proxy.plugin.MessagePlugin;
import dev.tapdeck.proxy.plugin.PluginCatalog;
import dev.tapdeck.proxy.plugin.PluginContext;
import dev.tapdeck.proxy.plugin.PluginSpec;
import dev.tapdeck.proxy.plugin.SendPlugin;
import dev.tapdeck.proxy.plugin.TapdeckPlugin;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Future;
import io.vertx.core.Vertx;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The plug-ins of a running proxy: the global ones (one instance each) and each route's own, made from the
 * catalog at start, started on a worker thread, stopped with the proxy. Audit plug-ins see every audit record.
 */
final class PluginSet {
    private final List<TapdeckPlugin> global = new ArrayList<>();
    private final Map<ProxyConfig.Route, List<TapdeckPlugin>> perRoute = new LinkedHashMap<>();
    private final List<AuditPlugin> audit = new ArrayList<>();

    /** Makes the instances; an unknown name fails here, before anything listens. */
    PluginSet(ProxyConfig config, PluginCatalog catalog) {
        for (PluginSpec spec : config.interception().plugins()) {
            global.add(catalog.create(spec.name()));
        }
        for (ProxyConfig.Listener l : config.listeners()) {
            for (ProxyConfig.Route r : l.routes()) {
                List<TapdeckPlugin> own = new ArrayList<>();
                for (PluginSpec spec : r.plugins()) {
                    own.add(catalog.create(spec.name()));
                }
                perRoute.put(r, own);
            }
        }
        all().stream().filter(p -> p instanceof AuditPlugin).forEach(p -> audit.add((AuditPlugin) p));
    }

    boolean isEmpty() {
        return global.isEmpty() && perRoute.values().stream().allMatch(List::isEmpty);
    }

    /** Starts every plug-in with its settings, off the event loop. */
    Future<Void> start(Vertx vertx, ProxyConfig config) {
        return vertx.executeBlocking(() -> {
            List<PluginSpec> specs = config.interception().plugins();
            for (int i = 0; i < global.size(); i++) {
                global.get(i).start(new PluginContext(vertx, specs.get(i).settings()));
            }
            for (Map.Entry<ProxyConfig.Route, List<TapdeckPlugin>> e : perRoute.entrySet()) {
                for (int i = 0; i < e.getValue().size(); i++) {
                    e.getValue().get(i).start(new PluginContext(vertx, e.getKey().plugins().get(i).settings()));
                }
            }
            return null;
        });
    }

    void stop() {
        for (TapdeckPlugin p : all()) {
            try {
                p.stop();
            } catch (RuntimeException e) {
                System.err.println("tapdeck: stopping plug-in " + p.name() + " failed: " + e);
            }
        }
    }

    /** The global Send plug-ins, then the route's own. */
    List<SendPlugin> sendPlugins(ProxyConfig.Route route) {
        return of(route, SendPlugin.class);
    }

    List<MessagePlugin> messagePlugins(ProxyConfig.Route route) {
        return of(route, MessagePlugin.class);
    }

    /** {@code sink}, and each audit record to the audit plug-ins too (a failing plug-in is logged, not fatal). */
    EventSink auditing(EventSink sink) {
        if (audit.isEmpty()) {
            return sink;
        }
        return new EventSink() {
            @Override
            public void accept(TapEvent event) {
                sink.accept(event);
                if (event instanceof TapEvent.CommandAudited a) {
                    for (AuditPlugin p : audit) {
                        try {
                            p.onAudit(a);
                        } catch (RuntimeException e) {
                            System.err.println("tapdeck: audit plug-in " + p.name() + " failed: " + e);
                        }
                    }
                }
            }

            @Override
            public String unavailable() {
                return sink.unavailable();
            }

            @Override
            public boolean congested() {
                return sink.congested();
            }

            @Override
            public void whenDrained(Runnable resume) {
                sink.whenDrained(resume);
            }

            @Override
            public void close() {
                sink.close();
            }
        };
    }

    private <T> List<T> of(ProxyConfig.Route route, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (TapdeckPlugin p : global) {
            if (type.isInstance(p)) {
                out.add(type.cast(p));
            }
        }
        for (TapdeckPlugin p : perRoute.getOrDefault(route, List.of())) {
            if (type.isInstance(p)) {
                out.add(type.cast(p));
            }
        }
        return out;
    }

    private List<TapdeckPlugin> all() {
        List<TapdeckPlugin> out = new ArrayList<>(global);
        perRoute.values().forEach(out::addAll);
        return out;
    }
}
