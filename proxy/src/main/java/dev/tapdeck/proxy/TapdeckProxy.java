package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ntlm.NtlmCredentials;
import dev.tapdeck.protocol.session.WsmanTap;
import dev.tapdeck.protocol.ws.WsLimits;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.proxy.plugin.PluginCatalog;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.redact.RedactingSink;
import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpClientAgent;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.PoolOptions;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The Tapdeck proxy verticle: one HTTP server per listener, each route relayed to its upstream through a
 * tap. Deploy it with {@code vertx.deployVerticle(proxy)}; {@link #ports()} then tells the bound ports
 * (listeners may ask for port 0).
 */
public final class TapdeckProxy extends VerticleBase {
    public static final String VERSION = versionOf();

    static {
        // Out of file descriptors, Netty's acceptor logs a warning through java.util.logging, whose formatter
        // then loads the time-zone rules from a file for the first time: that open fails too, the class
        // initialisation error kills the acceptor thread and the proxy never accepts again (seen with 10,000
        // recorded idle WebSockets). Loaded here, the rules are in memory before descriptors can run out.
        java.time.ZoneId.systemDefault().getRules();
    }

    private final ProxyConfig config;
    private final EventSink sink;
    private final ProxyClock clock;
    private final List<HttpServer> servers = new ArrayList<>();
    /** Each listener's client sessions by connection (read by {@link #sessionsHeld()}). */
    private final List<Map<HttpConnection, ClientSession>> sessionMaps = new ArrayList<>();
    private final Map<String, Integer> ports = new LinkedHashMap<>();
    private final Map<ProxyConfig.Route, WinrmRelay> relays = new HashMap<>();
    private final Map<ProxyConfig.Route, WebSocketRelay> webSocketRelays = new HashMap<>();
    /**
     * The relay of each configured route instance, looked up once per request: by identity, because a Route
     * record's hashCode walks its URI, plug-ins and TLS settings (a tenth of the proxy's own CPU per exchange).
     */
    private final Map<ProxyConfig.Route, Object> relayOf = new java.util.IdentityHashMap<>();
    private final PluginSet plugins;
    private PluginCalls pluginCalls;
    private HttpClientAgent client;
    private final ResourceCounters counters = new ResourceCounters();
    private final Map<String, SelfSignedCertificate> generated = new LinkedHashMap<>();

    /**
     * @param catalog where the configured plug-ins come from ({@link PluginCatalog#serviceLoader()} by default);
     *                an unknown plug-in name throws here
     */
    public TapdeckProxy(ProxyConfig config, EventSink sink, ProxyClock clock, PluginCatalog catalog) {
        this.config = config;
        this.plugins = new PluginSet(config, catalog);
        // every sink is a log, audit plug-ins included: redacted before any of them sees an event (RedactingSink says why)
        this.sink = new RedactingSink(plugins.auditing(sink), config.redaction(), new WinrmAnnotationRedactor());
        this.clock = clock;
    }

    public TapdeckProxy(ProxyConfig config, EventSink sink, ProxyClock clock) {
        this(config, sink, clock, PluginCatalog.serviceLoader());
    }

    public TapdeckProxy(ProxyConfig config, EventSink sink) {
        this(config, sink, ProxyClock.SYSTEM);
    }

    @Override
    public Future<?> start() {
        if (config.anyUpstreamInsecure()) {
            System.err.println("tapdeck: WARNING: upstream TLS certificates are NOT verified on route(s) "
                    + insecureRoutes() + " (--upstream-insecure): anyone on the path can impersonate the server");
        }
        Future<?> ready = generateCertificates();
        if (plugins.isEmpty()) {
            return ready.compose(v -> listen());
        }
        pluginCalls = new PluginCalls(vertx, config.interception().workerThreads(), config.interception().timeLimit(), clock);
        return ready.compose(v -> plugins.start(vertx, config)).compose(v -> listen());
    }

    /** The self-signed certificates of listeners that asked for one (key generation blocks: a worker does it). */
    private Future<?> generateCertificates() {
        List<ProxyConfig.Listener> wanting = config.listeners().stream()
                .filter(l -> l.tls() != null && l.tls().selfSigned()).toList();
        if (wanting.isEmpty()) {
            return Future.succeededFuture();
        }
        return vertx.executeBlocking(() -> {
            java.nio.file.Path dir = java.nio.file.Files.createTempDirectory("tapdeck-tls");
            for (ProxyConfig.Listener l : wanting) {
                generated.put(l.name(), SelfSignedCertificate.generate(l.host(), dir, l.name()));
            }
            return null;
        });
    }

    private String insecureRoutes() {
        return config.listeners().stream().flatMap(l -> l.routes().stream().filter(r -> r.upstreamTls().insecure())
                .map(r -> l.name() + " " + r.pathPrefix() + " -> " + r.upstream())).toList().toString();
    }

    private Future<?> listen() {
        // pooling is irrelevant: each client connection gets its own upstream connection via connect()
        client = vertx.createHttpClient(new HttpClientOptions().setKeepAlive(true).setTrustAll(false),
                new PoolOptions().setHttp1MaxSize(1));
        EnvelopeReader reader = new EnvelopeReader();
        List<Future<HttpServer>> listening = new ArrayList<>();
        for (ProxyConfig.Listener listener : config.listeners()) {
            List<ProxyConfig.Route> routes = new ArrayList<>(listener.routes());
            // longest prefix first, so /wsman/special wins over /wsman
            routes.sort(Comparator.comparingInt((ProxyConfig.Route r) -> r.pathPrefix().length()).reversed());
            for (ProxyConfig.Route route : routes) {
                if (route.protocol() == RouteProtocol.WEBSOCKET) {
                    webSocketRelays.put(route, new WebSocketRelay(vertx, config, route, client, clock, WsLimits.DEFAULT,
                            new WsPlugins(plugins.messagePlugins(route), pluginCalls)));
                } else {
                    NtlmCredentials credentials;
                    try {
                        credentials = route.credentials() == null ? null : route.credentials().load(System.getenv());
                    } catch (java.io.IOException e) {
                        return Future.failedFuture(new IllegalArgumentException("route " + route.pathPrefix() + ": "
                                + e.getMessage(), e));
                    }
                    relays.put(route, new WinrmRelay(config, route,
                            WinrmTapEvents.newTap(reader, config.policy(), config.redact()), client, clock,
                            new WinrmPlugins(plugins.sendPlugins(route), pluginCalls), credentials));
                }
            }
            routes.forEach(r -> relayOf.put(r, r.protocol() == RouteProtocol.WEBSOCKET ? webSocketRelays.get(r) : relays.get(r)));
            HttpServer server = vertx.createHttpServer(serverOptions(listener));
            Map<HttpConnection, ClientSession> sessions = new HashMap<>();
            sessionMaps.add(sessions);
            server.connectionHandler(conn -> {
                ClientSession session = new ClientSession(clock.ids().get(), listener.name(), conn, sink, clock, counters);
                sessions.put(conn, session);
                // a connection turned into a WebSocket tunnel (toNetSocket) never reports its close here: the
                // session ends through the tunnel instead, and must leave the map then (soak: one leaked per WebSocket)
                session.whenEnded(() -> sessions.remove(conn));
                watchRequestHeads(conn, session);
                conn.closeHandler(v -> {
                    sessions.remove(conn);
                    session.clientClosed("client closed the connection");
                });
            });
            server.requestHandler(req -> route(listener, routes, sessions, req));
            servers.add(server);
            listening.add(server.listen().onSuccess(s -> ports.put(listener.name(), s.actualPort())));
        }
        return Future.all(listening);
    }

    private HttpServerOptions serverOptions(ProxyConfig.Listener listener) {
        ClientLimits limits = config.clientLimits();
        HttpServerOptions o = new HttpServerOptions()
                .setHost(listener.host()).setPort(listener.port())
                .setMaxInitialLineLength(limits.maxInitialLineLength()).setMaxHeaderSize(limits.maxHeaderSize())
                // HTTP/1.1 only: the relays take connections over as raw sockets, which HTTP/2 streams cannot be;
                // and without h2c detection a connection exists (and is counted and timed) from its accept on
                .setHttp2ClearTextEnabled(false)
                // never let Netty's WebSocket extension handler touch a relayed handshake (vert.x#4956)
                .setPerMessageWebSocketCompressionSupported(false)
                .setPerFrameWebSocketCompressionSupported(false);
        if (listener.tls() != null) {
            o.setSsl(true).setKeyCertOptions(listener.tls().keyCert(generated.get(listener.name())));
        }
        return o;
    }

    /**
     * Closes a client connection that goes {@link ClientLimits#requestHeadTimeout()} without a complete request
     * head while none of its requests is in flight: a client that trickles its head (slowloris), sends nothing,
     * or idles between requests. A WebSocket, once upgraded, is never timed here.
     */
    private void watchRequestHeads(HttpConnection conn, ClientSession session) {
        long ms = config.clientLimits().requestHeadTimeout().toMillis();
        if (ms == 0) {
            return;
        }
        long[] timer = {-1};
        Runnable arm = () -> {
            vertx.cancelTimer(timer[0]);
            timer[0] = vertx.setTimer(ms, t -> {
                if (session.idle() && !session.clientGone()) {
                    session.headTimedOut(ms);
                    conn.close();
                }
            });
        };
        session.whenIdle(arm);
        session.onClientGone(() -> vertx.cancelTimer(timer[0]));
        arm.run();
    }

    private void route(ProxyConfig.Listener listener, List<ProxyConfig.Route> routes,
                       Map<HttpConnection, ClientSession> sessions, HttpServerRequest req) {
        ClientSession session = sessions.get(req.connection());
        if (session == null) {
            req.response().setStatusCode(500).end("Tapdeck: no session for this connection");
            return;
        }
        String path = req.path() == null ? "/" : req.path();
        for (ProxyConfig.Route route : routes) {
            if (route.matches(path)) {
                if (!session.started() && AuditGate.refused(config, sink, route, req, clock)) {
                    return;
                }
                Object relay = relayOf.get(route);
                if (relay instanceof WebSocketRelay ws) {
                    ws.handle(session, req);
                } else {
                    ((WinrmRelay) relay).handle(session, req);
                }
                return;
            }
        }
        req.response().setStatusCode(404).putHeader("Content-Type", "text/plain;charset=UTF-8")
                .end("Tapdeck: no route on listener " + listener.name() + " for " + path + "\n");
    }

    @Override
    public Future<?> stop() {
        // commands still running are audited as incomplete before the sinks close
        relays.values().forEach(r -> r.finish().forEach(sink::accept));
        List<Future<Void>> closing = new ArrayList<>();
        servers.forEach(s -> closing.add(s.close()));
        if (client != null) {
            closing.add(client.close());
        }
        plugins.stop();
        if (pluginCalls != null) {
            pluginCalls.close();
        }
        return Future.join(closing);
    }

    /** The certificates generated for listeners with {@code selfSigned}, by listener name (valid once started). */
    public Map<String, SelfSignedCertificate> generatedCertificates() {
        return Map.copyOf(generated);
    }

    /** Bound port of each listener, by listener name (valid once started). */
    public Map<String, Integer> ports() {
        return Map.copyOf(ports);
    }

    public int port(String listener) {
        Integer p = ports.get(listener);
        if (p == null) {
            throw new IllegalArgumentException("no started listener named " + listener);
        }
        return p;
    }

    public ProxyConfig proxyConfig() {
        return config;
    }

    /** The tap of a route (its session state), for tests and the dashboards. */
    public WsmanTap tap(ProxyConfig.Route route) {
        return relays.get(route).tap();
    }

    /** Client sessions the listeners still hold (for leak checks: 0 once every client is gone). */
    int sessionsHeld() {
        return sessionMaps.stream().mapToInt(Map::size).sum();
    }

    /**
     * What the proxy holds now: open client and upstream connections, exchanges in flight, buffered body bytes,
     * WebSocket tunnels, held Sends. Once every client has gone, every figure is back to zero (a leak check).
     */
    public ProxyStats stats() {
        return counters.snapshot(heldSends());
    }

    /** Sends held behind an earlier one to the same target, over all routes. */
    int heldSends() {
        return relays.values().stream().mapToInt(WinrmRelay::heldSends).sum();
    }

    private static String versionOf() {
        String v = TapdeckProxy.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }
}
