package dev.tapdeck.proxy.plugin;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;

/** Makes plug-in instances by name: from {@link ServiceLoader} by default, or from a map (embedding, tests). */
@FunctionalInterface
public interface PluginCatalog {
    /** A fresh instance of the plug-in called {@code name}; an unknown name throws, listing the known ones. */
    TapdeckPlugin create(String name);

    /** The plug-ins listed in {@code META-INF/services/dev.tapdeck.proxy.plugin.TapdeckPlugin} on the class path. */
    static PluginCatalog serviceLoader(ClassLoader loader) {
        ServiceLoader<TapdeckPlugin> services = ServiceLoader.load(TapdeckPlugin.class, loader);
        return name -> {
            List<String> known = new ArrayList<>();
            for (ServiceLoader.Provider<TapdeckPlugin> p : services.stream().toList()) {
                TapdeckPlugin candidate = p.get(); // a fresh instance each time: one per configured use
                if (candidate.name().equals(name)) {
                    return candidate;
                }
                known.add(candidate.name());
            }
            throw new IllegalArgumentException("no plug-in named '" + name + "' on the class path; known: "
                    + (known.isEmpty() ? "none" : String.join(", ", known.stream().sorted().toList())));
        };
    }

    static PluginCatalog serviceLoader() {
        return serviceLoader(Thread.currentThread().getContextClassLoader() != null
                ? Thread.currentThread().getContextClassLoader() : PluginCatalog.class.getClassLoader());
    }

    /** Fixed factories by name, tried before nothing else. */
    static PluginCatalog of(Map<String, Supplier<? extends TapdeckPlugin>> factories) {
        Map<String, Supplier<? extends TapdeckPlugin>> copy = new TreeMap<>(factories);
        return name -> {
            Supplier<? extends TapdeckPlugin> f = copy.get(name);
            if (f == null) {
                throw new IllegalArgumentException("no plug-in named '" + name + "'; known: " + String.join(", ", copy.keySet()));
            }
            return f.get();
        };
    }
}
