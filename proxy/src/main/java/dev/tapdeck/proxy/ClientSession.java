package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ntlm.AuthHeaderTokens;
import dev.tapdeck.protocol.ntlm.NtlmCredentials;
import dev.tapdeck.protocol.ntlm.NtlmMessage;
import dev.tapdeck.protocol.ntlm.SealedConnection;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Future;
import io.vertx.core.http.HttpClientConnection;
import io.vertx.core.http.HttpConnection;

import java.util.function.Function;

/**
 * One client connection and everything that lives as long as it: the session id, the event sequence,
 * and the upstream connection pinned to it. NTLM and Kerberos authenticate the connection, not the
 * request, so a client's requests must all travel on one upstream connection of its own (issue 2).
 * Used only on its connection's event loop.
 */
final class ClientSession implements SessionEvents {
    final String sessionId;
    final String listener;
    final String client;
    final HttpConnection connection;
    private final EventSink sink;
    private final ProxyClock clock;
    private final long startNanos;
    private long seq;
    private int exchanges;
    long bytesFromClient;
    long bytesFromServer;
    private boolean started;
    private boolean ended;
    private Future<HttpClientConnection> upstream;
    private String upstreamKey;
    private int tunnels;
    private String deferredEnd;
    private String user;
    private SealedConnection sealed;
    private Runnable whenEnded = () -> { };
    final ResourceCounters counters;
    /** Gives the client connection's count back; its close is seen by Vert.x, or by the tunnel once taken over. */
    private final Runnable connectionCount;
    private boolean clientGone;
    private int inFlight;
    private Runnable whenIdle = () -> { };
    private final java.util.List<Runnable> onClientGone = new java.util.ArrayList<>();

    ClientSession(String sessionId, String listener, HttpConnection connection, EventSink sink, ProxyClock clock,
                  ResourceCounters counters) {
        this.counters = counters;
        this.connectionCount = counters.clientConnection();
        this.sessionId = sessionId;
        this.listener = listener;
        this.connection = connection;
        this.client = String.valueOf(connection.remoteAddress());
        this.sink = sink;
        this.clock = clock;
        this.startNanos = clock.nanoTime().getAsLong();
    }

    /**
     * Notes who authenticates on this connection, for the audit: the HTTP Basic user name (the password is
     * never kept), or the {@code DOMAIN\\user} of an NTLM AUTHENTICATE, raw or in SPNEGO ([MS-NLMP] 2.2.1.3).
     * Kerberos tickets are not read.
     */
    void authenticated(String authorization) {
        if (authorization != null && authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
            String name = dev.tapdeck.recorder.HeaderRedactor.basicUser(authorization.substring(6).trim());
            if (name != null) {
                user = name;
            }
        } else if (authorization != null) {
            AuthHeaderTokens.ntlmOf(authorization).ifPresent(m -> {
                if (m instanceof NtlmMessage.Authenticate a) {
                    user = a.account();
                }
            });
        }
    }

    /** The NTLM security context of this connection, created on first use with the route's credentials. */
    SealedConnection sealed(Function<NtlmMessage.Authenticate, NtlmCredentials> credentials) {
        if (sealed == null) {
            sealed = new SealedConnection(credentials);
        }
        return sealed;
    }

    /** The user last authenticated on this connection, null when unknown. */
    String user() {
        return user;
    }

    long nextSeq() {
        return seq++;
    }

    @Override
    public String sessionId() {
        return sessionId;
    }

    @Override
    public long offset() {
        return clock.nanoTime().getAsLong() - startNanos;
    }

    int nextExchange() {
        return ++exchanges;
    }

    int exchanges() {
        return exchanges;
    }

    /** Whether the header event went out (a request of this connection was relayed or answered). */
    boolean started() {
        return started;
    }

    /** Emits the header event once, when the first request names the route. */
    void startIfNeeded(String protocol, ProxyConfig.Route route, boolean redacted) {
        if (!started) {
            started = true;
            sink.accept(new TapEvent.SessionStarted(sessionId, nextSeq(), offset(), protocol, listener, client,
                    route.upstream().toString(), clock.epochMillis().getAsLong(), TapdeckProxy.VERSION, redacted,
                    java.util.List.of(), route.tls() && route.upstreamTls().insecure()));
        }
    }

    @Override
    public void emit(java.util.function.LongFunction<TapEvent> event) {
        sink.accept(event.apply(nextSeq()));
    }

    /** Whether the recorder asks the relays to stop reading (its queue is past its high-water mark). */
    boolean recorderCongested() {
        return sink.congested();
    }

    /** Runs {@code resume} on this event loop once the recorder has drained its queue. */
    void whenRecorderDrained(Runnable resume) {
        io.vertx.core.Context context = io.vertx.core.Vertx.currentContext();
        sink.whenDrained(context == null ? resume : () -> context.runOnContext(v -> resume.run()));
    }

    /** Stops reading {@code source} until the recorder has drained, when it asks for that (back-pressure). */
    void pauseWhileRecorderCongested(io.vertx.core.streams.ReadStream<?> source) {
        if (sink.congested()) {
            source.pause();
            whenRecorderDrained(source::resume);
        }
    }

    /** The upstream connection of this client for {@code key} (scheme://host:port), if one is open. */
    Future<HttpClientConnection> upstream(String key) {
        return key.equals(upstreamKey) ? upstream : null;
    }

    void upstream(String key, Future<HttpClientConnection> connection) {
        if (upstream != null && !key.equals(upstreamKey)) {
            closeUpstream();
        }
        this.upstreamKey = key;
        this.upstream = connection;
    }

    void forgetUpstream(Future<HttpClientConnection> which) {
        if (upstream == which) {
            upstream = null;
            upstreamKey = null;
        }
    }

    void closeUpstream() {
        Future<HttpClientConnection> u = upstream;
        upstream = null;
        upstreamKey = null;
        if (u != null) {
            u.onSuccess(HttpClientConnection::close);
        }
    }

    /**
     * A WebSocket handshake or relay of this client is under way: it emits its own events until
     * {@link #tunnelClosed}, so the session's trailer must wait for it even when the connection closes first.
     */
    void tunnelOpened() {
        tunnels++;
    }

    /** The WebSocket is over; {@code reason} ends the session (null: the client connection lives on). */
    void tunnelClosed(String reason) {
        tunnels--;
        if (tunnels == 0 && (reason != null || deferredEnd != null)) {
            end(reason != null ? reason : deferredEnd);
        }
    }

    /** Runs once when the session ends, however it ends (the client connection closed, or its WebSocket did). */
    void whenEnded(Runnable action) {
        whenEnded = action;
    }

    /** The client's connection closed: what waits on it (a handshake in flight) hears it first, then the session ends. */
    void clientClosed(String reason) {
        socketClosed();
        end(reason);
    }

    /** A request (or a WebSocket handshake) of this client begins; its release ends it. */
    ResourceCounters.Exchange exchange() {
        inFlight++;
        return counters.exchange(() -> {
            if (--inFlight == 0 && tunnels == 0) {
                whenIdle.run();
            }
        });
    }

    /** Whether nothing of this client is under way: no request in flight, no WebSocket. */
    boolean idle() {
        return inFlight == 0 && tunnels == 0;
    }

    /** Runs {@code hook} each time the last request in flight ends (the request head timer re-arms). */
    void whenIdle(Runnable hook) {
        this.whenIdle = hook;
    }

    /**
     * The client's connection closed, or (a WebSocket) the raw socket it was taken over as, whose close Vert.x
     * reports only there: its count is given back and what waits on it hears it (the request head timer stops,
     * which would otherwise hold the whole tunnel for requestHeadTimeout and then report a bogus head timeout).
     */
    void socketClosed() {
        connectionCount.run();
        if (clientGone) {
            return;
        }
        clientGone = true;
        java.util.List<Runnable> hooks = java.util.List.copyOf(onClientGone);
        onClientGone.clear();
        hooks.forEach(Runnable::run);
    }

    /** Whether the client's connection is closed: nothing may be written to it or taken over any more. */
    boolean clientGone() {
        return clientGone;
    }

    /** Runs {@code hook} when the client's connection closes (at once if it is closed); the returned action cancels it. */
    Runnable onClientGone(Runnable hook) {
        if (clientGone) {
            hook.run();
            return () -> { };
        }
        onClientGone.add(hook);
        return () -> onClientGone.remove(hook);
    }

    /** The request head timer closed this connection: said in the recording when the session had begun. */
    void headTimedOut(long millis) {
        if (started) {
            sink.accept(new TapEvent.TransportFailed(sessionId, nextSeq(), offset(), exchanges, "request-head-timeout",
                    "no complete request head within " + millis + " ms while no request was in flight "
                    + "(limit requestHeadTimeout): the proxy closed the connection"));
        }
    }

    void end(String reason) {
        if (ended) {
            return;
        }
        if (tunnels > 0) {
            deferredEnd = reason;
            return;
        }
        ended = true;
        whenEnded.run();
        closeUpstream();
        if (started) {
            sink.accept(new TapEvent.SessionEnded(sessionId, nextSeq(), offset(), reason, exchanges,
                    bytesFromClient, bytesFromServer));
        }
    }
}
