package dev.tapdeck.cli;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ClientLimits;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.proxy.TlsSettings;
import dev.tapdeck.proxy.plugin.Interception;
import dev.tapdeck.proxy.plugin.PluginSpec;
import dev.tapdeck.recorder.RecordingLimits;
import picocli.CommandLine;
import dev.tapdeck.recorder.redact.JsonPath;
import dev.tapdeck.recorder.redact.RedactionPolicy;
import dev.tapdeck.recorder.redact.XmlPath;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;

/** Options shared by {@code proxy} and {@code demo}. */
final class ProxyOptions {
    @CommandLine.Spec(CommandLine.Spec.Target.MIXEE)
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--listen", paramLabel = "HOST:PORT", defaultValue = "127.0.0.1:15985",
            description = "Address the proxy listens on (default: ${DEFAULT-VALUE}; port 0 picks a free one).")
    String listen;

    @Option(names = "--policy", paramLabel = "observe|enforce", defaultValue = "observe",
            description = "observe: forward everything and report (default); enforce: a WinRM request that breaks an "
                    + "enforced rule is answered with a WS-Man fault and not forwarded; a WebSocket frame that breaks "
                    + "one is not forwarded and both sides get a Close 1002 (1007 for invalid UTF-8).")
    Policy.Mode policy;

    @Option(names = "--enforce", paramLabel = "RULE", split = ",",
            description = "Rule ids enforced in enforce mode (default: every rule of severity VIOLATION), "
                    + "e.g. WsmanRule.SEND_OUTSTANDING, WsRule.UNMASKED_CLIENT_FRAME.")
    List<String> enforce;

    @Option(names = "--record", paramLabel = "DIR",
            description = "Write one recording (JSON Lines) per client connection into DIR.")
    Path record;

    @Option(names = "--max-recording-bytes", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Largest recording file (default 1g; k, m, g suffixes). Past it the session's events are not "
                    + "written and its trailer says \"incomplete\" naming this limit; the proxy keeps forwarding.")
    Long maxRecordingBytes;

    @Option(names = "--max-total-bytes", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Most bytes all recordings in the --record directory may hold (default: no limit). The oldest "
                    + "finished recordings are deleted to stay under it; when only open ones are left, new recordings are "
                    + "not started (and the proxy says so).")
    Long maxTotalBytes;

    @Option(names = "--flush-interval", paramLabel = "MS",
            description = "Longest time a recorded event waits in the writer's buffer before it goes to the operating "
                    + "system, in milliseconds (default 5): what a crash or kill -9 can lose at most.")
    Long flushIntervalMillis;

    @Option(names = "--max-queued-bytes", paramLabel = "SIZE", converter = SizeConverter.class,
            description = "Most bytes of events waiting for the recorder's writer (default 64m). Past three quarters of "
                    + "it the proxy stops reading from its sockets until the writer is below half, so recordings stay "
                    + "complete and memory bounded.")
    Long maxQueuedBytes;

    @Option(names = "--recorder-stall-timeout", paramLabel = "SECONDS",
            description = "Longest wait for a recorder's writer that drains nothing (a stalled disk) before traffic "
                    + "flows again without it (default 30); events over --max-queued-bytes are then dropped and their "
                    + "recordings marked incomplete.")
    Long recorderStallTimeoutSeconds;

    @Option(names = "--max-open-recording-files", paramLabel = "N",
            description = "Most recording files held open at once (default 256): past it the file written least "
                    + "recently is closed and reopened when next written, so idle sessions hold no file descriptor.")
    Integer maxOpenRecordingFiles;

    @Option(names = "--audit-required", description = "Refuse new sessions (HTTP 503 with a WS-Man fault, or 503 to a "
            + "WebSocket upgrade) while recordings or the audit log cannot be written, e.g. on a full disk, so no audited "
            + "traffic goes unrecorded; sessions are accepted again once a probe write succeeds.")
    boolean auditRequired;

    @Option(names = "--audit", paramLabel = "FILE",
            description = "Append one JSON line per command run through the proxy to FILE (who ran which PowerShell "
                    + "pipeline or cmd command line, with which arguments and input, on which host and endpoint, and how it "
                    + "ended); host responses are redacted unless --no-redact.")
    Path audit;

    @Option(names = "--body-limit", paramLabel = "BYTES", defaultValue = "4194304",
            description = "Largest request or response body decoded; bigger requests get HTTP 413 (default: ${DEFAULT-VALUE}).")
    int bodyLimit;

    @Option(names = "--no-redact", description = "Keep Authorization headers and other secrets in clear in recordings "
            + "and on the console, and host responses (Read-Host answers) in the audit log; the recording's header then "
            + "says \"redacted\":false. Off by default: credentials (scheme, Basic user and NTLM user kept), cookies, "
            + "SecureStrings and host responses are replaced by stable placeholders (tapdeck-redacted-N).")
    boolean noRedact;

    @Option(names = "--plugin", paramLabel = "NAME",
            description = "Run the plug-in NAME (found with the ServiceLoader, e.g. deny-list, size-limit, webhook) on "
                    + "every route, without settings; repeat for several. Settings go in the --config file.")
    List<String> plugins;

    @Option(names = "--serialize-sends", description = "Hold a WinRM Send while an earlier one to the same shell or "
            + "command still waits for its SendResponse, instead of forwarding it (one outstanding Send, MS-PSRP 3.1.5.3.5).")
    boolean serializeSends;

    @Option(names = "--credentials-file", paramLabel = "FILE",
            description = "Decrypt NTLM-sealed WinRM traffic (multipart/encrypted) of every WinRM route with the account "
                    + "in FILE: one line [DOMAIN\\]user:password, or lines user=, domain=, password= or nthash=. "
                    + "Credentials are never taken from the command line, never logged, never recorded.")
    Path credentialsFile;

    @Option(names = "--redact-header", paramLabel = "NAME",
            description = "Also redact the value of this header (any case; repeatable), e.g. X-Api-Key.")
    List<String> redactHeaders;

    @Option(names = "--redact-xpath", paramLabel = "PATH",
            description = "Also redact the content of the WS-Man elements this path selects (repeatable): /s:Envelope/s:Body/..., "
                    + "//rsp:Stream[@Name='stdin'], {uri}name, *; prefixes s, wsa, wsman, p, rsp, pwsh, f.")
    List<String> redactXpaths;

    @Option(names = "--redact-json", paramLabel = "PATH",
            description = "Also redact these values of WebSocket JSON text messages (repeatable): $.a.b, $.items[*].secret, $['x'][0].")
    List<String> redactJson;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the decoded traffic on the console.")
    boolean quiet;

    @Option(names = "--tls-cert", paramLabel = "PEM", description = "Serve HTTPS (and wss) with this certificate "
            + "(PEM, with its chain); needs --tls-key.")
    Path tlsCert;

    @Option(names = "--tls-key", paramLabel = "PEM", description = "The private key of --tls-cert (PEM, unencrypted).")
    Path tlsKey;

    @Option(names = "--tls-pkcs12", paramLabel = "FILE", description = "Serve HTTPS with the key and certificate in "
            + "this PKCS#12 file; its password comes from the variable named by --tls-password-env.")
    Path tlsPkcs12;

    @Option(names = "--tls-password-env", paramLabel = "VAR", description = "Environment variable holding the "
            + "--tls-pkcs12 password (never a password on the command line).")
    String tlsPasswordEnv;

    @Option(names = "--tls-self-signed", description = "Serve HTTPS with a certificate generated at startup for "
            + "localhost, the loopback addresses and the listen host (30 days); its SHA-256 fingerprint and a PEM file "
            + "for clients to trust are printed. For local use.")
    boolean tlsSelfSigned;

    @Option(names = "--upstream-trust", paramLabel = "FILE", description = "Verify https:// and wss:// upstreams "
            + "against these certificates (PEM, or PKCS#12 .p12/.pfx) instead of the system trust store.")
    Path upstreamTrust;

    @Option(names = "--upstream-trust-password-env", paramLabel = "VAR",
            description = "Environment variable holding the password of a PKCS#12 --upstream-trust file.")
    String upstreamTrustPasswordEnv;

    @Option(names = "--upstream-insecure", description = "Do NOT verify upstream TLS certificates (tests only: "
            + "anyone on the path can impersonate the server). Said at startup and in every recording header.")
    boolean upstreamInsecure;

    @Option(names = "--max-header-size", paramLabel = "BYTES", description = "Most bytes of request header fields; "
            + "more is answered 431 (default 65536).")
    Integer maxHeaderSize;

    @Option(names = "--request-head-timeout", paramLabel = "SECONDS", description = "Close a client connection that "
            + "sends no complete request head for this long while none of its requests is in flight (slow headers, "
            + "idle connections; default 120, 0: never).")
    Integer requestHeadTimeoutSeconds;

    @Option(names = "--admin", paramLabel = "HOST:PORT",
            description = "Serve the dashboards (live sessions, timelines, audit, recordings, JSON API, Prometheus /metrics) "
                    + "on HOST:PORT, e.g. 127.0.0.1:9090 (demo: on by default at " + AdminOptions.DEMO_ADDRESS + "). Any address "
                    + "but a loopback one needs a token (--admin-token-file or " + AdminOptions.TOKEN_ENV + ").")
    String admin;

    @Option(names = "--admin-token-file", paramLabel = "FILE",
            description = "File holding the access token (at least 16 characters) that every dashboard page, API call and "
                    + "/metrics then requires: Authorization: Bearer TOKEN, or open /?token=TOKEN once in a browser. "
                    + "The environment variable " + AdminOptions.TOKEN_ENV + " works too.")
    Path adminTokenFile;

    @Option(names = "--no-admin", description = "demo: do not start the dashboards.")
    boolean noAdmin;

    /** The configuration with this command line's recording flags applied over it. */
    ProxyConfig applyRecording(ProxyConfig cfg) {
        RecordingLimits limits = cfg.recording();
        if (maxRecordingBytes != null) {
            limits = limits.withMaxRecordingBytes(maxRecordingBytes);
        }
        if (maxTotalBytes != null) {
            limits = limits.withMaxTotalBytes(maxTotalBytes);
        }
        if (flushIntervalMillis != null) {
            limits = limits.withFlushInterval(Duration.ofMillis(flushIntervalMillis));
        }
        if (maxQueuedBytes != null) {
            limits = limits.withMaxQueuedBytes(maxQueuedBytes);
        }
        if (recorderStallTimeoutSeconds != null) {
            limits = limits.withStallTimeout(Duration.ofSeconds(recorderStallTimeoutSeconds));
        }
        if (maxOpenRecordingFiles != null) {
            limits = limits.withMaxOpenFiles(maxOpenRecordingFiles);
        }
        return cfg.withRecording(limits).withAuditRequired(auditRequired || cfg.auditRequired());
    }

    /** {@link #applyRecording}, a limit out of range being a usage error that names it. */
    ProxyConfig applyRecordingOrExplain(ProxyConfig cfg) {
        try {
            return applyRecording(cfg);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    /** The configuration with this command line's TLS and client-limit flags applied to every listener and route. */
    ProxyConfig applyTls(ProxyConfig cfg) {
        try {
            TlsSettings.Listener listenerTls = tlsSelfSigned || tlsCert != null || tlsKey != null || tlsPkcs12 != null
                    ? new TlsSettings.Listener(tlsCert, tlsKey, tlsPkcs12, env(tlsPasswordEnv), tlsSelfSigned) : null;
            if (listenerTls != null) {
                cfg = cfg.withListeners(cfg.listeners().stream().map(l -> l.withTls(listenerTls)).toList());
            }
            if (upstreamInsecure) {
                cfg = cfg.withUpstreamTls(TlsSettings.Upstream.INSECURE);
            } else if (upstreamTrust != null) {
                cfg = cfg.withUpstreamTls(TlsSettings.Upstream.trusting(upstreamTrust, env(upstreamTrustPasswordEnv)));
            }
            ClientLimits limits = cfg.clientLimits();
            if (maxHeaderSize != null) {
                limits = new ClientLimits(limits.maxInitialLineLength(), maxHeaderSize, limits.requestHeadTimeout());
            }
            if (requestHeadTimeoutSeconds != null) {
                limits = limits.withRequestHeadTimeout(Duration.ofSeconds(requestHeadTimeoutSeconds));
            }
            return cfg.withClientLimits(limits);
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private String env(String variable) {
        if (variable == null) {
            return null;
        }
        String value = System.getenv(variable);
        if (value == null) {
            throw new CommandLine.ParameterException(spec.commandLine(), "the environment variable " + variable + " is not set");
        }
        return value;
    }

    /** A byte count with an optional k, m, g or t suffix. */
    static final class SizeConverter implements CommandLine.ITypeConverter<Long> {
        @Override
        public Long convert(String value) {
            try {
                return RecordingLimits.parseSize(value);
            } catch (IllegalArgumentException e) {
                throw new CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }

    /** The plug-ins and serialize mode of the flags, added to those of the configuration. */
    ProxyConfig intercept(ProxyConfig cfg) {
        Interception i = cfg.interception();
        List<PluginSpec> specs = new java.util.ArrayList<>(i.plugins());
        if (plugins != null) {
            plugins.forEach(name -> specs.add(PluginSpec.named(name)));
        }
        return cfg.withInterception(i.withPlugins(specs).withSerializeSends(i.serializeSends() || serializeSends));
    }

    /**
     * The configuration's redaction with these flags applied: --no-redact turns it off, the names and paths add
     * to those of the configuration file.
     */
    ProxyConfig redaction(ProxyConfig cfg) {
        RedactionPolicy base = cfg.redaction();
        RedactionPolicy flags;
        try {
            flags = RedactionPolicy.of(true, redactHeaders, redactXpaths, redactJson);
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
        }
        java.util.Set<String> headers = new java.util.HashSet<>(base.headers());
        headers.addAll(flags.headers());
        List<XmlPath> xml = new java.util.ArrayList<>(base.xmlPaths());
        xml.addAll(flags.xmlPaths());
        List<JsonPath> json = new java.util.ArrayList<>(base.jsonPaths());
        json.addAll(flags.jsonPaths());
        return cfg.withRedaction(new RedactionPolicy(base.enabled() && !noRedact, headers, xml, json));
    }

    Policy policy() {
        return new Policy(policy, enforce == null ? Set.of() : Set.copyOf(enforce));
    }
}
