package dev.tapdeck.proxy;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.plugin.Interception;
import dev.tapdeck.proxy.plugin.PluginSpec;
import dev.tapdeck.recorder.RecordingLimits;
import io.vertx.core.json.JsonObject;
import dev.tapdeck.recorder.redact.RedactionPolicy;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/**
 * Everything the proxy needs to run: listeners with their routes, the policy, limits and recording.
 * Loaded from a JSON file ({@code tapdeck proxy --config FILE}) or built from command line flags.
 *
 * @param bodyLimit           largest request or response body decoded and relayed, in bytes (over it: 413)
 * @param upstreamIdleTimeout how long an upstream may stay silent; Receive long-polls get their
 *                            OperationTimeout plus {@code longPollMargin} when that is longer
 * @param recordDir           where recordings go, null for none
 * @param redaction           what is redacted in recordings, on the console and in every other sink
 *                            (default {@link RedactionPolicy#DEFAULT}; {@link RedactionPolicy#NONE} for --no-redact)
 * @param recording           limits of the recording directory (per recording, in total, flush interval)
 * @param auditRequired       refuse new sessions (HTTP 503) while recordings or the audit log cannot be written
 * @param interception        plug-ins, their time limit, serialize mode (README "Plug-ins")
 * @param clientLimits        request line and header size limits, request head timeout (hostile clients)
 */
public record ProxyConfig(List<Listener> listeners, Policy policy, int bodyLimit, Duration upstreamIdleTimeout,
                          Duration longPollMargin, Duration connectTimeout, Path recordDir, RedactionPolicy redaction,
                          RecordingLimits recording, boolean auditRequired, Interception interception,
                          ClientLimits clientLimits) {

    /** Default body limit: WinRM envelopes are bounded by MaxEnvelopeSize (150 to 500 KiB); a few MiB is sane. */
    public static final int DEFAULT_BODY_LIMIT = 4 * 1024 * 1024;

    public ProxyConfig {
        redaction = redaction == null ? RedactionPolicy.DEFAULT : redaction;
        listeners = List.copyOf(listeners);
        if (listeners.isEmpty()) {
            throw new IllegalArgumentException("at least one listener is needed");
        }
        interception = interception == null ? Interception.NONE : interception;
        clientLimits = clientLimits == null ? ClientLimits.DEFAULT : clientLimits;
    }

    /** Default redaction or none, default recording and client limits, audit not required, no plug-ins. */
    public ProxyConfig(List<Listener> listeners, Policy policy, int bodyLimit, Duration upstreamIdleTimeout,
                       Duration longPollMargin, Duration connectTimeout, Path recordDir, boolean redact) {
        this(listeners, policy, bodyLimit, upstreamIdleTimeout, longPollMargin, connectTimeout, recordDir,
                redact ? RedactionPolicy.DEFAULT : RedactionPolicy.NONE, RecordingLimits.DEFAULT, false, Interception.NONE,
                ClientLimits.DEFAULT);
    }

    /** One address the proxy listens on, the routes served there, and its TLS (null: plain HTTP). */
    public record Listener(String name, String host, int port, List<Route> routes, TlsSettings.Listener tls) {
        public Listener {
            routes = List.copyOf(routes);
            if (routes.isEmpty()) {
                throw new IllegalArgumentException("listener " + name + " has no route");
            }
        }

        /** A plain HTTP listener. */
        public Listener(String name, String host, int port, List<Route> routes) {
            this(name, host, port, routes, null);
        }

        public Listener withTls(TlsSettings.Listener t) {
            return new Listener(name, host, port, routes, t);
        }

        public Listener withRoutes(List<Route> r) {
            return new Listener(name, host, port, r, tls);
        }

        public String scheme() {
            return tls == null ? "http" : "https";
        }

        public String address() {
            return host + ":" + port;
        }
    }

    /**
     * A path prefix on a listener and where its requests go. The prefix is kept: a request for
     * {@code /wsman} on a route to {@code http://host:5985} goes to {@code http://host:5985/wsman}; an upstream
     * URL with a path replaces the prefix ({@code /a} to {@code http://h/b}: {@code /a/x} goes to {@code /b/x}).
     *
     * @param credentials where the NTLM credentials that decrypt this route's sealed traffic come from, or null
     */
    public record Route(String pathPrefix, URI upstream, RouteProtocol protocol, List<PluginSpec> plugins,
                        RouteCredentials credentials, TlsSettings.Upstream upstreamTls) {
        public Route(String pathPrefix, URI upstream, RouteProtocol protocol) {
            this(pathPrefix, upstream, protocol, List.of(), null, TlsSettings.Upstream.SYSTEM);
        }

        /** Upstream TLS (https://, wss://) verified against the system trust store; no NTLM credentials. */
        public Route(String pathPrefix, URI upstream, RouteProtocol protocol, List<PluginSpec> plugins) {
            this(pathPrefix, upstream, protocol, plugins, null, TlsSettings.Upstream.SYSTEM);
        }

        public Route(String pathPrefix, URI upstream, RouteProtocol protocol, RouteCredentials credentials) {
            this(pathPrefix, upstream, protocol, List.of(), credentials, TlsSettings.Upstream.SYSTEM);
        }

        public Route withUpstreamTls(TlsSettings.Upstream t) {
            return new Route(pathPrefix, upstream, protocol, plugins, credentials, t);
        }

        public Route withCredentials(RouteCredentials c) {
            return new Route(pathPrefix, upstream, protocol, plugins, c, upstreamTls);
        }

        public Route {
            plugins = plugins == null ? List.of() : List.copyOf(plugins);
            upstreamTls = upstreamTls == null ? TlsSettings.Upstream.SYSTEM : upstreamTls;
            if (!pathPrefix.startsWith("/")) {
                throw new IllegalArgumentException("route path must start with '/': " + pathPrefix);
            }
            String scheme = upstream.getScheme();
            if (scheme == null || upstream.getHost() == null) {
                throw new IllegalArgumentException("upstream must be an absolute URL like http://host:5985: " + upstream);
            }
            if (protocol == RouteProtocol.WINRM && RouteProtocol.ofUpstream(upstream) == RouteProtocol.WEBSOCKET) {
                throw new IllegalArgumentException("route " + pathPrefix + ": a " + scheme + ":// upstream carries "
                        + "WebSocket, not WinRM; say \"protocol\": \"websocket\" or use http(s)://: " + upstream);
            }
        }

        public boolean tls() {
            return upstream.getScheme().equalsIgnoreCase("https") || upstream.getScheme().equalsIgnoreCase("wss");
        }

        public int upstreamPort() {
            return upstream.getPort() > 0 ? upstream.getPort() : tls() ? 443 : 80;
        }

        /** Whether a request path falls under this route: the prefix itself or below it, never {@code /wsmanx} for {@code /wsman}. */
        public boolean matches(String path) {
            if (pathPrefix.equals("/") || path.equals(pathPrefix)) {
                return true;
            }
            String dir = pathPrefix.endsWith("/") ? pathPrefix : pathPrefix + "/";
            return path.startsWith(dir);
        }

        /** The request target to send upstream for a client request target. */
        public String upstreamTarget(String clientTarget) {
            String upstreamPath = upstream.getRawPath();
            if (upstreamPath == null || upstreamPath.isEmpty() || upstreamPath.equals("/")) {
                return clientTarget;
            }
            String rest = pathPrefix.equals("/") ? clientTarget : clientTarget.substring(pathPrefix.length());
            return upstreamPath + (rest.isEmpty() || rest.startsWith("/") || rest.startsWith("?") ? rest : "/" + rest);
        }
    }

    /** One listener with one route "/"; the protocol follows the URL scheme (ws://, wss://: WebSocket). */
    public static ProxyConfig single(String host, int port, URI upstream, Policy policy, Path recordDir) {
        return new ProxyConfig(List.of(new Listener("main", host, port,
                        List.of(new Route("/", upstream, RouteProtocol.ofUpstream(upstream))))),
                policy, DEFAULT_BODY_LIMIT, Duration.ofSeconds(120), Duration.ofSeconds(30), Duration.ofSeconds(10),
                recordDir, true);
    }

    public ProxyConfig withPolicy(Policy p) {
        return new ProxyConfig(listeners, p, bodyLimit, upstreamIdleTimeout, longPollMargin, connectTimeout, recordDir, redaction,
                recording, auditRequired, interception, clientLimits);
    }

    public ProxyConfig withBodyLimit(int limit) {
        return new ProxyConfig(listeners, policy, limit, upstreamIdleTimeout, longPollMargin, connectTimeout, recordDir, redaction,
                recording, auditRequired, interception, clientLimits);
    }

    public ProxyConfig withRecordDir(Path dir) {
        return new ProxyConfig(listeners, policy, bodyLimit, upstreamIdleTimeout, longPollMargin, connectTimeout, dir, redaction,
                recording, auditRequired, interception, clientLimits);
    }

    /** Every WinRM route decrypts NTLM-sealed traffic with these credentials ({@code --credentials-file}). */
    public ProxyConfig withCredentials(RouteCredentials c) {
        return withListeners(listeners.stream().map(l -> l.withRoutes(l.routes().stream()
                .map(r -> r.protocol() == RouteProtocol.WINRM ? r.withCredentials(c) : r).toList())).toList());
    }

    /** Whether anything is redacted. */
    public boolean redact() {
        return redaction.enabled();
    }

    /** {@code --no-redact} (false) or back to redacting (true), keeping the names and paths the user added. */
    public ProxyConfig withRedact(boolean r) {
        RedactionPolicy p = r == redaction.enabled() ? redaction
                : new RedactionPolicy(r, redaction.headers(), redaction.xmlPaths(), redaction.jsonPaths());
        return withRedaction(p);
    }

    public ProxyConfig withRedaction(RedactionPolicy p) {
        return new ProxyConfig(listeners, policy, bodyLimit, upstreamIdleTimeout, longPollMargin, connectTimeout, recordDir, p,
                recording, auditRequired, interception, clientLimits);
    }

    public ProxyConfig withRecording(RecordingLimits limits) {
        return new ProxyConfig(listeners, policy, bodyLimit, upstreamIdleTimeout, longPollMargin, connectTimeout, recordDir, redaction,
                limits, auditRequired, interception, clientLimits);
    }

    public ProxyConfig withInterception(Interception i) {
        return new ProxyConfig(listeners, policy, bodyLimit, upstreamIdleTimeout, longPollMargin, connectTimeout, recordDir, redaction,
                recording, auditRequired, i, clientLimits);
    }

    public ProxyConfig withClientLimits(ClientLimits limits) {
        return new ProxyConfig(listeners, policy, bodyLimit, upstreamIdleTimeout, longPollMargin, connectTimeout, recordDir, redaction,
                recording, auditRequired, interception, limits);
    }

    public ProxyConfig withListeners(List<Listener> l) {
        return new ProxyConfig(l, policy, bodyLimit, upstreamIdleTimeout, longPollMargin, connectTimeout, recordDir, redaction,
                recording, auditRequired, interception, clientLimits);
    }

    /** Every route's upstream TLS set to {@code t} (the command line's trust flags). */
    public ProxyConfig withUpstreamTls(TlsSettings.Upstream t) {
        return withListeners(listeners.stream().map(l -> l.withRoutes(l.routes().stream()
                .map(r -> r.withUpstreamTls(t)).toList())).toList());
    }

    /** Whether some route does not verify its upstream's certificate (said loudly at startup). */
    public boolean anyUpstreamInsecure() {
        return listeners.stream().flatMap(l -> l.routes().stream()).anyMatch(r -> r.upstreamTls().insecure());
    }

    public ProxyConfig withAuditRequired(boolean required) {
        return new ProxyConfig(listeners, policy, bodyLimit, upstreamIdleTimeout, longPollMargin, connectTimeout, recordDir, redaction,
                recording, required, interception, clientLimits);
    }

    // ---- the JSON configuration file --------------------------------------------------------------

    @JsonIgnoreProperties(ignoreUnknown = false)
    record FileRoute(String path, String upstream, String protocol, List<FilePlugin> plugins, String credentialsEnv,
                     String credentialsFile, String trust, String trustPasswordEnv, Boolean insecure) {
        TlsSettings.Upstream tls(Path base) throws IOException {
            if (Boolean.TRUE.equals(insecure)) {
                return TlsSettings.Upstream.INSECURE;
            }
            return trust == null ? TlsSettings.Upstream.SYSTEM
                    : TlsSettings.Upstream.trusting(base.resolve(trust), secret(trustPasswordEnv, "trustPasswordEnv"));
        }
    }

    /** {@code {"cert": "proxy.pem", "key": "proxy.key"}} or {@code {"pkcs12": "proxy.p12", "passwordEnv": "VAR"}}. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    record FileTls(String cert, String key, String pkcs12, String passwordEnv) {
        TlsSettings.Listener settings(Path base) throws IOException {
            return new TlsSettings.Listener(cert == null ? null : base.resolve(cert), key == null ? null : base.resolve(key),
                    pkcs12 == null ? null : base.resolve(pkcs12), secret(passwordEnv, "passwordEnv"), false);
        }
    }

    /** A password named by an environment variable (never written in the file); null when no variable is named. */
    private static String secret(String variable, String field) throws IOException {
        if (variable == null) {
            return null;
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw new IOException("'" + field + "' names the environment variable " + variable + ", which is not set");
        }
        return value;
    }

    /** {@code {"name": "deny-list", "settings": {…}}}; the settings go to the plug-in as they are. */
    @JsonIgnoreProperties(ignoreUnknown = false)
    record FilePlugin(String name, java.util.Map<String, Object> settings) {
        PluginSpec spec() {
            return new PluginSpec(name, settings == null ? null : new JsonObject(settings));
        }
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record FileListener(String name, String listen, List<FileRoute> routes, FileTls tls, Boolean selfSigned) {
    }

    @JsonIgnoreProperties(ignoreUnknown = false)
    record FileConfig(List<FileListener> listeners, String policy, List<String> enforce, Integer bodyLimit,
                      Integer upstreamIdleTimeoutSeconds, String record, Boolean redact, List<String> redactHeaders,
                      List<String> redactXpath, List<String> redactJson, String maxRecordingBytes,
                      String maxTotalBytes, Integer flushIntervalMillis, String maxQueuedBytes,
                      Integer recorderStallTimeoutSeconds, Integer maxOpenRecordingFiles, Boolean auditRequired,
                      List<FilePlugin> plugins, Integer pluginTimeLimitMillis, Boolean serializeSends,
                      Integer maxHeldSends, Integer maxInitialLineLength, Integer maxHeaderSize,
                      Integer requestHeadTimeoutSeconds) {
        ClientLimits clientLimits() {
            ClientLimits d = ClientLimits.DEFAULT;
            return new ClientLimits(maxInitialLineLength == null ? d.maxInitialLineLength() : maxInitialLineLength,
                    maxHeaderSize == null ? d.maxHeaderSize() : maxHeaderSize,
                    requestHeadTimeoutSeconds == null ? d.requestHeadTimeout() : Duration.ofSeconds(requestHeadTimeoutSeconds));
        }
    }

    /** Reads a configuration file; errors name the file and the field. */
    public static ProxyConfig load(Path file) throws IOException {
        ObjectMapper json = new ObjectMapper().enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);
        FileConfig f = json.readValue(file.toFile(), FileConfig.class);
        if (f.listeners() == null || f.listeners().isEmpty()) {
            throw new IOException(file + ": 'listeners' must list at least one listener");
        }
        List<Listener> listeners = new java.util.ArrayList<>();
        Path base = file.toAbsolutePath().getParent(); // relative certificate paths are relative to the file
        int i = 0;
        for (FileListener l : f.listeners()) {
            i++;
            HostPort hp = HostPort.parse(l.listen());
            List<Route> routes = new java.util.ArrayList<>();
            String name = l.name() == null ? "listener" + i : l.name();
            for (FileRoute r : l.routes() == null ? List.<FileRoute>of() : l.routes()) {
                URI upstream = URI.create(r.upstream());
                if (r.credentialsEnv() != null && r.credentialsFile() != null) {
                    throw new IOException(file + ": route " + r.path() + " names both credentialsEnv and credentialsFile");
                }
                RouteCredentials creds = r.credentialsEnv() != null ? RouteCredentials.ofEnv(r.credentialsEnv())
                        : r.credentialsFile() != null ? RouteCredentials.ofFile(file.resolveSibling(r.credentialsFile())) : null;
                routes.add(new Route(r.path() == null ? "/" : r.path(), upstream,
                        r.protocol() == null ? RouteProtocol.ofUpstream(upstream) : RouteProtocol.parse(r.protocol()),
                        specs(r.plugins()), creds, r.tls(base)));
            }
            TlsSettings.Listener tls;
            try {
                tls = Boolean.TRUE.equals(l.selfSigned())
                        ? (l.tls() == null ? TlsSettings.Listener.generated() : null)
                        : l.tls() == null ? null : l.tls().settings(base);
            } catch (IllegalArgumentException e) {
                throw new IOException(file + ": listener " + name + ": " + e.getMessage(), e);
            }
            if (tls == null && Boolean.TRUE.equals(l.selfSigned())) {
                throw new IOException(file + ": listener " + name + ": 'tls' and 'selfSigned' exclude each other");
            }
            listeners.add(new Listener(name, hp.host(), hp.port(), routes, tls));
        }
        Policy policy = new Policy(f.policy() == null ? Policy.Mode.OBSERVE : Policy.Mode.parse(f.policy()),
                f.enforce() == null ? Set.of() : Set.copyOf(f.enforce()));
        return new ProxyConfig(listeners, policy,
                f.bodyLimit() == null ? DEFAULT_BODY_LIMIT : f.bodyLimit(),
                Duration.ofSeconds(f.upstreamIdleTimeoutSeconds() == null ? 120 : f.upstreamIdleTimeoutSeconds()),
                Duration.ofSeconds(30), Duration.ofSeconds(10),
                f.record() == null ? null : Path.of(f.record()),
                redaction(file, f), recordingLimits(file, f), Boolean.TRUE.equals(f.auditRequired()),
                new Interception(specs(f.plugins()),
                        f.pluginTimeLimitMillis() == null ? Interception.DEFAULT_TIME_LIMIT
                                : Duration.ofMillis(f.pluginTimeLimitMillis()),
                        Boolean.TRUE.equals(f.serializeSends()),
                        f.maxHeldSends() == null ? Interception.NONE.maxHeldSends() : f.maxHeldSends(),
                        Interception.NONE.workerThreads()), clientLimits(file, f));
    }

    /** maxRecordingBytes, maxTotalBytes and maxQueuedBytes as numbers or sizes ("10m", "1g"); errors name the file and the field. */
    private static RecordingLimits recordingLimits(Path file, FileConfig f) throws IOException {
        try {
            RecordingLimits limits = RecordingLimits.DEFAULT;
            if (f.maxRecordingBytes() != null) {
                limits = limits.withMaxRecordingBytes(RecordingLimits.parseSize(f.maxRecordingBytes()));
            }
            if (f.maxTotalBytes() != null) {
                limits = limits.withMaxTotalBytes(RecordingLimits.parseSize(f.maxTotalBytes()));
            }
            if (f.flushIntervalMillis() != null) {
                limits = limits.withFlushInterval(Duration.ofMillis(f.flushIntervalMillis()));
            }
            if (f.maxQueuedBytes() != null) {
                limits = limits.withMaxQueuedBytes(RecordingLimits.parseSize(f.maxQueuedBytes()));
            }
            if (f.recorderStallTimeoutSeconds() != null) {
                limits = limits.withStallTimeout(Duration.ofSeconds(f.recorderStallTimeoutSeconds()));
            }
            if (f.maxOpenRecordingFiles() != null) {
                limits = limits.withMaxOpenFiles(f.maxOpenRecordingFiles());
            }
            return limits;
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static ClientLimits clientLimits(Path file, FileConfig f) throws IOException {
        try {
            return f.clientLimits();
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }

    private static List<PluginSpec> specs(List<FilePlugin> plugins) {
        return plugins == null ? List.of() : plugins.stream().map(FilePlugin::spec).toList();
    }

    private static RedactionPolicy redaction(Path file, FileConfig f) throws IOException {
        try {
            return RedactionPolicy.of(f.redact() == null || f.redact(), f.redactHeaders(), f.redactXpath(), f.redactJson());
        } catch (IllegalArgumentException e) {
            throw new IOException(file + ": " + e.getMessage(), e);
        }
    }
}
