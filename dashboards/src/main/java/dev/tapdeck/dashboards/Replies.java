package dev.tapdeck.dashboards;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.tapdeck.recorder.RecordingFormat;
import io.vertx.core.Future;
import io.vertx.ext.web.RoutingContext;

/** How the admin API answers: JSON bodies, plain-text errors that say what was wrong. */
final class Replies {
    private Replies() {
    }

    static void json(RoutingContext ctx, Object body) {
        String text;
        try {
            text = RecordingFormat.mapper().writeValueAsString(body);
        } catch (JsonProcessingException e) {
            error(ctx, 500, "cannot write the answer as JSON: " + e.getOriginalMessage());
            return;
        }
        ctx.response().putHeader("Content-Type", "application/json;charset=UTF-8").end(text);
    }

    /** The result of work done off the event loop as JSON, or {@code failStatus} with {@code what} and the cause. */
    static void json(RoutingContext ctx, Future<?> result, int failStatus, String what) {
        result.onComplete(r -> {
            if (r.succeeded()) {
                json(ctx, r.result());
            } else {
                error(ctx, failStatus, what + ": " + r.cause().getMessage());
            }
        });
    }

    static void error(RoutingContext ctx, int status, String message) {
        if (!ctx.response().ended()) {
            ctx.response().setStatusCode(status).putHeader("Content-Type", "text/plain;charset=UTF-8").end(message + "\n");
        }
    }

    /** An integer query parameter within [min, max], or the default when absent; null (after a 400) when bad. */
    static Long longParam(RoutingContext ctx, String name, long dflt, long min, long max) {
        String v = ctx.request().getParam(name);
        if (v == null || v.isEmpty()) {
            return dflt;
        }
        try {
            long n = Long.parseLong(v);
            if (n >= min && n <= max) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        error(ctx, 400, "query parameter " + name + " must be an integer from " + min + " to " + max + ", not '" + v + "'");
        return null;
    }

    /** A download name that cannot break the Content-Disposition header. */
    static String attachment(String fileName) {
        return "attachment; filename=\"" + fileName.replaceAll("[^A-Za-z0-9._-]", "_") + "\"";
    }
}
