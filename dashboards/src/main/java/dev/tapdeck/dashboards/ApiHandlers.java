package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.io.HarExporter;
import dev.tapdeck.recorder.io.PcapngExporter;
import io.vertx.core.Vertx;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.function.Predicate;

/** The JSON API behind the pages (README "Dashboards" lists each endpoint and its parameters). */
final class ApiHandlers {
    private final Vertx vertx;
    private final DashboardSink dashboards;
    private final RecordingFiles recordings;

    ApiHandlers(Vertx vertx, DashboardSink dashboards, Path recordDir) {
        this.vertx = vertx;
        this.dashboards = dashboards;
        this.recordings = recordDir == null ? null : new RecordingFiles(recordDir);
    }

    /** {@code /api/sessions?q=&protocol=&state=live|ended&problems=true}: rows, newest first. */
    void sessions(RoutingContext ctx) {
        String q = lower(ctx.request().getParam("q"));
        String protocol = ctx.request().getParam("protocol");
        String state = ctx.request().getParam("state");
        boolean problems = "true".equals(ctx.request().getParam("problems"));
        Predicate<ObjectNode> filter = row -> (protocol == null || protocol.isEmpty() || protocol.equals(row.path("protocol").asText()))
                && (state == null || state.isEmpty() || ("live".equals(state) != row.path("ended").asBoolean()))
                && (!problems || row.path("violations").asInt() + row.path("warnings").asInt() > 0)
                && (q.isEmpty() || searchable(row).contains(q));
        Replies.json(ctx, dashboards.store().summaries(System.currentTimeMillis(), filter));
    }

    /** {@code /api/sessions/{id}}: one row, 404 when memory no longer holds it (its recording may). */
    void session(RoutingContext ctx) {
        ObjectNode row = dashboards.store().summary(ctx.pathParam("id"), System.currentTimeMillis());
        if (row == null) {
            notInMemory(ctx);
            return;
        }
        Replies.json(ctx, row);
    }

    /** {@code /api/sessions/{id}/events?after=SEQ&limit=N}: the row and the events memory holds after SEQ. */
    void events(RoutingContext ctx) {
        Long after = Replies.longParam(ctx, "after", -1, -1, Long.MAX_VALUE);
        Long limit = Replies.longParam(ctx, "limit", dashboards.limits().maxEventsPerSession(), 1, dashboards.limits().maxEventsPerSession());
        if (after == null || limit == null) {
            return;
        }
        SessionStore.Events e = dashboards.store().events(ctx.pathParam("id"), after, limit.intValue(), System.currentTimeMillis());
        if (e == null) {
            notInMemory(ctx);
            return;
        }
        ObjectNode n = RecordingFormat.mapper().createObjectNode();
        n.set("session", e.session());
        n.put("forgotten", e.forgotten());
        n.putArray("events").addAll(e.events());
        Replies.json(ctx, n);
    }

    /** {@code /api/audit?q=&session=&format=json|csv}: audit rows, oldest first; a format makes it a download. */
    void audit(RoutingContext ctx) {
        List<ObjectNode> rows = dashboards.store().audit(
                AuditExport.filter(ctx.request().getParam("q"), ctx.request().getParam("session"))::test);
        String format = ctx.request().getParam("format");
        if (format == null) {
            Replies.json(ctx, rows);
        } else if (format.equals("csv")) {
            ctx.response().putHeader("Content-Type", "text/csv;charset=UTF-8")
                    .putHeader("Content-Disposition", Replies.attachment("tapdeck-audit.csv")).end(AuditExport.csv(rows));
        } else if (format.equals("json")) {
            ctx.response().putHeader("Content-Disposition", Replies.attachment("tapdeck-audit.json"));
            Replies.json(ctx, rows);
        } else {
            Replies.error(ctx, 400, "format must be csv or json, not '" + format + "'");
        }
    }

    /** {@code /api/recordings}: the recordings directory, newest first. */
    void recordings(RoutingContext ctx) {
        if (recordings == null) {
            Replies.json(ctx, RecordingFormat.mapper().createArrayNode());
            return;
        }
        Replies.json(ctx, vertx.executeBlocking(recordings::list), 500, "cannot list the recordings");
    }

    /** {@code /api/recordings/{name}?offset=&limit=}: a recording's row and a page of its events. */
    void recording(RoutingContext ctx) {
        Path file = file(ctx);
        int max = dashboards.limits().maxRecordingEvents();
        Long offset = Replies.longParam(ctx, "offset", 0, 0, Integer.MAX_VALUE);
        Long limit = Replies.longParam(ctx, "limit", max, 1, max);
        if (file == null || offset == null || limit == null) {
            return;
        }
        Replies.json(ctx, vertx.executeBlocking(() -> recordings.read(file, offset.intValue(), limit.intValue(),
                dashboards.limits().maxBodyBytes())), 422, "cannot read the recording");
    }

    /** {@code /api/recordings/{name}/download}: the file as written. */
    void download(RoutingContext ctx) {
        Path file = file(ctx);
        if (file != null) {
            ctx.response().putHeader("Content-Type", "application/x-ndjson")
                    .putHeader("Content-Disposition", Replies.attachment(file.getFileName().toString()))
                    .sendFile(file.toString());
        }
    }

    /**
     * {@code /api/recordings/{name}/export?format=har|pcapng}: the recording converted by the exporters of
     * {@code tapdeck export}, written to a private temporary file on a worker thread, sent, then deleted.
     */
    void export(RoutingContext ctx) {
        String format = String.valueOf(ctx.request().getParam("format"));
        if (!format.equals("har") && !format.equals("pcapng")) {
            Replies.error(ctx, 400, "format must be har or pcapng, not '" + format + "'");
            return;
        }
        Path file = file(ctx);
        if (file == null) {
            return;
        }
        String name = file.getFileName().toString();
        String out = name.substring(0, name.length() - RecordingFormat.FILE_SUFFIX.length()) + "." + format;
        vertx.executeBlocking(() -> {
            Path tmp = Files.createTempFile("tapdeck-export-", "." + format); // rw------- on POSIX
            try (OutputStream os = Files.newOutputStream(tmp)) {
                if (format.equals("har")) {
                    HarExporter.export(file, os, n -> { });
                } else {
                    PcapngExporter.export(file, os, n -> { });
                }
                return tmp;
            } catch (IOException | RuntimeException e) {
                Files.deleteIfExists(tmp);
                throw e;
            }
        }).onComplete(r -> {
            if (r.failed()) {
                Replies.error(ctx, 422, "cannot export the recording as " + format + ": " + r.cause().getMessage());
                return;
            }
            Path tmp = r.result();
            ctx.response().putHeader("Content-Type", format.equals("har") ? "application/json" : "application/octet-stream")
                    .putHeader("Content-Disposition", Replies.attachment(out))
                    .sendFile(tmp.toString()).onComplete(v -> vertx.executeBlocking(() -> Files.deleteIfExists(tmp)));
        });
    }

    /** The file a {@code name} path parameter names, or null after a 404. */
    Path file(RoutingContext ctx) {
        Path file = recordings == null ? null : recordings.file(ctx.pathParam("name"));
        if (file == null) {
            Replies.error(ctx, 404, recordings == null ? "the proxy does not record (start it with --record DIR)"
                    : "no recording named " + ctx.pathParam("name"));
        }
        return file;
    }

    private void notInMemory(RoutingContext ctx) {
        String id = ctx.pathParam("id");
        Path file = recordings == null ? null : recordings.file(id + RecordingFormat.FILE_SUFFIX);
        Replies.error(ctx, 404, "session " + id + " is not in memory" + (file == null ? ""
                : "; its recording is " + file.getFileName()));
    }

    private static String searchable(JsonNode row) {
        StringBuilder sb = new StringBuilder();
        for (String f : new String[]{"id", "protocol", "client", "user", "upstream", "endpoint", "path"}) {
            sb.append(row.path(f).asText("")).append('\n');
        }
        row.path("rules").forEach(r -> sb.append(r.asText()).append('\n'));
        return sb.toString().toLowerCase(Locale.ROOT);
    }

    private static String lower(String s) {
        return s == null ? "" : s.toLowerCase(Locale.ROOT);
    }
}
