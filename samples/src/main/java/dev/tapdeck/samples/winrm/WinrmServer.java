package dev.tapdeck.samples.winrm;

import dev.tapdeck.protocol.ntlm.NtlmCredentials;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.XmlLimits;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.VerticleBase;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpConnection;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;

import java.time.Duration;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * An embedded fake Windows host speaking WinRM: a WS-Management cmd-shell service over plain HTTP at
 * {@code POST /wsman}, close enough to a Windows WinRM listener that pywinrm, winrm4j and winrmcp work
 * against it unchanged. It never runs a host command: command lines go to a small built-in command set
 * ({@link CmdInterpreter}) working on an in-memory {@link FileStore}.
 *
 * <pre>{@code
 * WinrmServer server = new WinrmServer(new WinrmServerOptions().port(0));
 * server.start(vertx).onSuccess(s -> System.out.println(s.endpoint()));
 * }</pre>
 *
 * All shell state lives on one Vert.x event loop (the server is deployed as a verticle); {@link #port()}
 * and {@link #files()} may be read from any thread.
 */
public final class WinrmServer {
    /** The path of the WS-Management listener, as on Windows. */
    public static final String PATH = "/wsman";
    static final String CONTENT_TYPE = "application/soap+xml;charset=UTF-8";

    private final WinrmServerOptions options;
    private final FileStore files;
    private final BasicAuth auth;
    private final NtlmCredentials ntlmCredentials;
    private final EnvelopeReader reader;
    private volatile Vertx deployedOn;
    private volatile String deploymentId;
    private volatile int port = -1;

    public WinrmServer(WinrmServerOptions options) {
        this.options = options;
        this.files = new FileStore(options.maxFiles(), options.maxFileBytes(), options.maxTotalFileBytes());
        this.auth = new BasicAuth(options.user(), options.password());
        if (options.ntlm() && options.user() == null) {
            throw new IllegalArgumentException("ntlm(true) needs credentials(user, password)");
        }
        this.ntlmCredentials = options.ntlm()
                ? NtlmCredentials.ofPassword(options.user(), "", options.password().toCharArray()) : null;
        XmlLimits d = XmlLimits.DEFAULT;
        this.reader = new EnvelopeReader(new XmlLimits(options.maxBodyBytes(), d.maxDepth(), options.maxBodyBytes(),
                d.maxElements(), d.maxAttributes()));
    }

    /** Most bytes of an over-limit body read and dropped before the answer, so the client sees it. */
    private static final long MAX_DRAINED_BYTES = 1 << 20;

    /** Listens on the configured host and port; completes once the port is bound. */
    public Future<WinrmServer> start(Vertx vertx) {
        if (deployedOn != null) {
            return Future.failedFuture(new IllegalStateException("a WinrmServer starts once"));
        }
        deployedOn = vertx;
        return vertx.deployVerticle(new ServerVerticle()).map(id -> {
            deploymentId = id;
            return this;
        });
    }

    /** Stops listening and forgets every shell; the file store stays readable. */
    public Future<Void> close() {
        return deploymentId == null ? Future.succeededFuture() : deployedOn.undeploy(deploymentId);
    }

    /** The bound port (the real one when 0 was configured); -1 before {@link #start}. */
    public int port() {
        return port;
    }

    /** The URL clients use, e.g. {@code http://127.0.0.1:5985/wsman} ({@code https://} with {@link WinrmServerOptions#tls}). */
    public String endpoint() {
        return (options.tls() == null ? "http://" : "https://") + hostForUrl(options.host()) + ":" + port + PATH;
    }

    /** A copy of every file commands have written, by full Windows path. */
    public Map<String, byte[]> files() {
        return files.snapshot();
    }

    /** The in-memory disk of the emulated host. */
    public FileStore fileStore() {
        return files;
    }

    private static String hostForUrl(String host) {
        return host.contains(":") ? "[" + host + "]" : host;
    }

    /** Owns the HTTP server and the shell service; everything runs on this verticle's event loop. */
    private final class ServerVerticle extends VerticleBase {
        private ShellService service;
        /** NTLM security context per client connection (ntlm mode): NTLM authenticates the connection. */
        private final Map<HttpConnection, NtlmAcceptor> contexts = new HashMap<>();

        @Override
        public Future<?> start() {
            service = new ShellService(options, files, new ShellService.Scheduler() {
                @Override
                public long schedule(Duration delay, Runnable task) {
                    return vertx.setTimer(Math.max(1, delay.toMillis()), id -> task.run());
                }

                @Override
                public void cancel(long timerId) {
                    vertx.cancelTimer(timerId);
                }
            });
            HttpServerOptions http = new HttpServerOptions().setHost(options.host()).setPort(options.port())
                    // a WinRM listener (HTTP.sys) speaks HTTP/1.1 only; an h2c upgrade (the JDK client asks for one)
                    // also raced the connection close after a w:EncodingLimit fault
                    .setHttp2ClearTextEnabled(false);
            if (options.tls() != null) {
                http.setSsl(true).setKeyCertOptions(options.tls());
            }
            return vertx.createHttpServer(http)
                    .requestHandler(this::handle)
                    .listen()
                    .onSuccess(server -> port = server.actualPort());
        }

        private void handle(HttpServerRequest request) {
            HttpServerResponse response = request.response();
            if (!PATH.equals(request.path())) {
                response.setStatusCode(404).end();
                return;
            }
            if (request.method() != HttpMethod.POST) {
                response.setStatusCode(405).putHeader("Allow", "POST").end();
                return;
            }
            String authorization = request.getHeader(HttpHeaders.AUTHORIZATION);
            if (ntlmCredentials != null) {
                handleNtlm(request, authorization);
                return;
            }
            if (!auth.accepts(authorization)) {
                response.setStatusCode(401).putHeader("WWW-Authenticate", BasicAuth.CHALLENGE).end();
                return;
            }
            String contentType = request.getHeader(HttpHeaders.CONTENT_TYPE);
            if (contentType == null || !contentType.toLowerCase(Locale.ROOT).startsWith("application/soap+xml")) {
                response.setStatusCode(415).end();
                return;
            }
            readBody(request, BasicAuth.userName(authorization), null);
        }

        /** Negotiate/NTLM handshake, then sealed bodies only ([MS-WSMV] 2.2.9.1; AllowUnencrypted=false). */
        private void handleNtlm(HttpServerRequest request, String authorization) {
            HttpConnection conn = request.connection();
            NtlmAcceptor acceptor = contexts.get(conn);
            if (acceptor == null) {
                acceptor = new NtlmAcceptor(ntlmCredentials, options.machineName());
                contexts.put(conn, acceptor);
                conn.closeHandler(v -> contexts.remove(conn));
            }
            NtlmAcceptor.Step step = acceptor.authorize(authorization);
            if (step.status() == 401) {
                request.handler(chunk -> { });
                request.endHandler(v -> request.response().setStatusCode(401)
                        .putHeader("WWW-Authenticate", step.wwwAuthenticate()).putHeader(HttpHeaders.CONTENT_LENGTH, "0").end());
                return;
            }
            readBody(request, acceptor.user(), acceptor);
        }

        /** Reads the body up to maxBodyBytes; a larger one is answered with w:EncodingLimit and the connection closed. */
        private void readBody(HttpServerRequest request, String user, NtlmAcceptor sealed) {
            int limit = options.maxBodyBytes();
            String declared = request.getHeader(HttpHeaders.CONTENT_LENGTH);
            if (declared != null && parseLong(declared) > limit) {
                drainThenReject(request);
                return;
            }
            Buffer body = Buffer.buffer();
            boolean[] tooLarge = {false};
            request.handler(chunk -> {
                if (tooLarge[0]) {
                    return;
                }
                if (body.length() + chunk.length() > limit) {
                    tooLarge[0] = true;
                    drainThenReject(request);
                } else {
                    body.appendBuffer(chunk);
                }
            });
            request.endHandler(v -> {
                if (tooLarge[0]) {
                    return;
                }
                if (sealed == null) {
                    dispatch(request, user, body.getBytes(), null);
                } else if (body.length() == 0) {
                    // pywinrm completes the handshake with empty POSTs before the first sealed message
                    request.response().setStatusCode(200).putHeader(HttpHeaders.CONTENT_LENGTH, "0").end();
                } else {
                    byte[] plain = sealed.unseal(request.getHeader(HttpHeaders.CONTENT_TYPE), body.getBytes());
                    if (plain == null) {
                        // unencrypted, malformed or a failed signature: Windows answers 400 and drops the context
                        contexts.remove(request.connection());
                        request.response().setStatusCode(400).end();
                    } else {
                        dispatch(request, user, plain, sealed);
                    }
                }
            });
        }

        /**
         * Answers w:EncodingLimit once the client has sent its body (up to {@link #MAX_DRAINED_BYTES} more, read and
         * dropped): closing while it still sends would reset the connection and lose the answer.
         */
        private void drainThenReject(HttpServerRequest request) {
            long[] drained = {0};
            boolean[] answered = {false};
            request.handler(chunk -> {
                drained[0] += chunk.length();
                if (drained[0] > MAX_DRAINED_BYTES && !answered[0]) {
                    answered[0] = true;
                    rejectTooLarge(request);
                }
            });
            request.endHandler(v -> {
                if (!answered[0]) {
                    answered[0] = true;
                    rejectTooLarge(request);
                }
            });
        }

        private void rejectTooLarge(HttpServerRequest request) {
            String fault = service.unreadableRequest(new WsmanFault(FaultKind.ENCODING_LIMIT, "The request body is larger"
                    + " than " + options.maxBodyBytes() + " bytes (the configured maxBodyBytes). "));
            send(request.response(), ShellService.HTTP_FAULT, fault, null)
                    .onComplete(done -> request.connection().close());
        }

        private void dispatch(HttpServerRequest request, String user, byte[] body, NtlmAcceptor sealed) {
            EnvelopeDecoded decoded = reader.read(body);
            HttpServerResponse response = request.response();
            if (decoded instanceof EnvelopeDecoded.EnvelopeRejected) {
                DecodeProblem problem = ((EnvelopeDecoded.EnvelopeRejected) decoded).problem();
                FaultKind kind = problem.kind() == DecodeProblem.Kind.LIMIT_EXCEEDED
                        ? FaultKind.ENCODING_LIMIT : FaultKind.SCHEMA_VALIDATION_ERROR;
                send(response, ShellService.HTTP_FAULT, service.unreadableRequest(
                        new WsmanFault(kind, "The request could not be read: " + problem.detail() + " ")), sealed);
                return;
            }
            var parsed = (EnvelopeDecoded.EnvelopeParsed) decoded;
            String host = request.authority() != null ? request.authority().toString() : hostForUrl(options.host()) + ":" + port;
            var context = new ShellService.RequestContext(user, request.remoteAddress().hostAddress(),
                    "http://" + host + PATH);
            service.handle(parsed.envelope(), context, new ShellService.ReplySink() {
                @Override
                public void reply(int status, String envelope) {
                    send(response, status, envelope, sealed);
                }

                @Override
                public void onCancel(Runnable onCancel) {
                    response.closeHandler(v -> onCancel.run());
                }
            });
        }

        private Future<Void> send(HttpServerResponse response, int status, String envelope, NtlmAcceptor sealed) {
            if (response.ended() || response.closed()) {
                return Future.succeededFuture();
            }
            if (sealed != null) {
                return response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, NtlmAcceptor.CONTENT_TYPE)
                        .end(Buffer.buffer(sealed.seal(envelope)));
            }
            return response.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, CONTENT_TYPE).end(envelope);
        }

        private long parseLong(String s) {
            try {
                return Long.parseLong(s.trim());
            } catch (NumberFormatException e) {
                return -1;
            }
        }
    }
}
