package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.recorder.RecordingFormat;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;

/**
 * The admin listener (README "Dashboards"): the pages, their JSON API, the live feed (Server-Sent Events) and
 * Prometheus {@code /metrics}, on their own port. Deploy it on the proxy's Vert.x next to the proxy;
 * {@link #port()} tells the bound port. Everything is read-only: no request changes the proxy.
 */
public final class AdminServer extends VerticleBase {
    /** How often the live feed writes what it queued: the pages update at most this often. */
    static final long FLUSH_MILLIS = 200;
    private static final long HEARTBEAT_MILLIS = 15_000;

    private final AdminConfig config;
    private final DashboardSink dashboards;
    private final String version;
    private HttpServer server;
    private long flushTimer = -1;
    private long heartbeatTimer = -1;

    /** @param version the Tapdeck version the status shows */
    public AdminServer(AdminConfig config, DashboardSink dashboards, String version) {
        this.config = config;
        this.dashboards = dashboards;
        this.version = version;
    }

    @Override
    public Future<?> start() {
        Assets assets = new Assets();
        ApiHandlers api = new ApiHandlers(vertx, dashboards, config.recordDir());
        Router router = Router.router(vertx);
        router.route().handler(AdminServer::securityHeaders);
        router.route().handler(new AdminAccess(config.token()));
        router.route().handler(ctx -> {
            if (ctx.request().method() != HttpMethod.GET && ctx.request().method() != HttpMethod.HEAD) {
                Replies.error(ctx, 405, "the admin listener is read-only: GET only");
                return;
            }
            ctx.next();
        });
        router.get("/").handler(ctx -> assets.serve(ctx, "index.html"));
        router.get("/assets/:name").handler(ctx -> {
            if (!assets.serve(ctx, ctx.pathParam("name"))) {
                Replies.error(ctx, 404, "no such asset");
            }
        });
        router.get("/api/status").handler(this::status);
        router.get("/api/rules").handler(ctx -> Replies.json(ctx, RuleCatalog.json()));
        router.get("/api/sessions").handler(api::sessions);
        router.get("/api/sessions/:id").handler(api::session);
        router.get("/api/sessions/:id/events").handler(api::events);
        router.get("/api/audit").handler(api::audit);
        router.get("/api/recordings").handler(api::recordings);
        router.get("/api/recordings/:name").handler(api::recording);
        router.get("/api/recordings/:name/download").handler(api::download);
        router.get("/api/recordings/:name/export").handler(api::export);
        router.get("/api/events").handler(this::live);
        router.get("/metrics").handler(ctx -> ctx.response()
                .putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(dashboards.metrics().scrape()));
        router.route().last().handler(ctx -> Replies.error(ctx, 404, "no such page or API: " + ctx.request().path()));

        LiveFeed feed = dashboards.feed();
        flushTimer = vertx.setPeriodic(FLUSH_MILLIS, id -> feed.flush(sid -> dashboards.store().summary(sid, System.currentTimeMillis())));
        heartbeatTimer = vertx.setPeriodic(HEARTBEAT_MILLIS, id -> feed.heartbeat());
        server = vertx.createHttpServer(new HttpServerOptions().setHost(config.host()).setPort(config.port())
                .setMaxInitialLineLength(8192).setMaxHeaderSize(16 * 1024));
        return server.requestHandler(router).listen();
    }

    @Override
    public Future<?> stop() {
        vertx.cancelTimer(flushTimer);
        vertx.cancelTimer(heartbeatTimer);
        return server == null ? Future.succeededFuture() : server.close();
    }

    /** The bound port (valid once deployed). */
    public int port() {
        return server.actualPort();
    }

    /** The address to open in a browser. */
    public String url() {
        String host = config.host().contains(":") ? "[" + config.host() + "]" : config.host();
        return "http://" + (host.equals("0.0.0.0") || host.equals("[::]") ? "127.0.0.1" : host) + ":" + port() + "/";
    }

    private static void securityHeaders(RoutingContext ctx) {
        ctx.response().putHeader("Content-Security-Policy", Assets.CSP)
                .putHeader("X-Content-Type-Options", "nosniff")
                .putHeader("X-Frame-Options", "DENY")
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-store");
        ctx.next();
    }

    private void status(RoutingContext ctx) {
        DashboardLimits l = dashboards.limits();
        ObjectNode n = RecordingFormat.mapper().createObjectNode().put("tapdeck", version)
                .put("recordDir", config.recordDir() == null ? null : config.recordDir().toAbsolutePath().toString())
                .put("sessionsInMemory", dashboards.store().size())
                .put("sessionsForgotten", dashboards.store().sessionsForgotten())
                .put("liveClients", dashboards.feed().subscribers());
        n.putObject("limits").put("maxSessions", l.maxSessions()).put("maxEventsPerSession", l.maxEventsPerSession())
                .put("maxBodyBytes", l.maxBodyBytes()).put("maxAuditRows", l.maxAuditRows());
        var exports = n.putArray("exports");
        if (config.recordDir() != null) {
            exports.add("har").add("pcapng");
        }
        Replies.json(ctx, n);
    }

    /** {@code /api/events[?session=ID]}: the live feed; rows and audit rows always, the lines of one session on request. */
    private void live(RoutingContext ctx) {
        var res = ctx.response();
        res.setChunked(true).putHeader("Content-Type", "text/event-stream;charset=UTF-8")
                .putHeader("X-Accel-Buffering", "no");
        res.write("retry: 2000\n: tapdeck live feed\n\n");
        dashboards.feed().subscribe(new LiveFeed.Subscriber(res, ctx.request().getParam("session")));
    }
}
