package dev.tapdeck.dashboards;

import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The pages' files, bundled in the jar under {@code tapdeck-admin/} and held in memory: the browser loads
 * nothing from anywhere else (no CDN), and the Content-Security-Policy says so.
 */
final class Assets {
    static final String CSP = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    private static final Map<String, String> TYPES = Map.of(
            "index.html", "text/html;charset=UTF-8",
            "app.js", "text/javascript;charset=UTF-8",
            "timeline.js", "text/javascript;charset=UTF-8",
            "app.css", "text/css;charset=UTF-8",
            "favicon.svg", "image/svg+xml");

    private final Map<String, Buffer> files = new LinkedHashMap<>();

    Assets() {
        for (String name : TYPES.keySet()) {
            try (InputStream in = Assets.class.getResourceAsStream("/tapdeck-admin/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("the admin page asset tapdeck-admin/" + name + " is missing from the jar");
                }
                files.put(name, Buffer.buffer(in.readAllBytes()));
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read the admin page asset " + name, e);
            }
        }
    }

    /** Serves {@code name}; false when there is no such asset. */
    boolean serve(RoutingContext ctx, String name) {
        Buffer b = files.get(name);
        if (b == null) {
            return false;
        }
        ctx.response().putHeader("Content-Type", TYPES.get(name)).putHeader("Cache-Control", "no-cache").end(b);
        return true;
    }
}
