package dev.tapdeck.cli;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.proxy.ProxyConfig;
import dev.tapdeck.recorder.redact.JsonPath;
import dev.tapdeck.recorder.redact.RedactionPolicy;
import dev.tapdeck.recorder.redact.XmlPath;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Options shared by {@code proxy} and {@code demo}. */
final class ProxyOptions {
    @picocli.CommandLine.Spec(picocli.CommandLine.Spec.Target.MIXEE)
    picocli.CommandLine.Model.CommandSpec spec;

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
