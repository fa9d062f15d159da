package dev.tapdeck.cli;

import dev.tapdeck.protocol.rules.Policy;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.List;
import java.util.Set;

/** Options shared by {@code proxy} and {@code demo}. */
final class ProxyOptions {
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
            + "and on the console, and host responses (Read-Host answers) in the audit log. Off by default.")
    boolean noRedact;

    @Option(names = "--credentials-file", paramLabel = "FILE",
            description = "Decrypt NTLM-sealed WinRM traffic (multipart/encrypted) of every WinRM route with the account "
                    + "in FILE: one line [DOMAIN\\]user:password, or lines user=, domain=, password= or nthash=. "
                    + "Credentials are never taken from the command line, never logged, never recorded.")
    Path credentialsFile;

    @Option(names = {"-q", "--quiet"}, description = "Do not print the decoded traffic on the console.")
    boolean quiet;

    Policy policy() {
        return new Policy(policy, enforce == null ? Set.of() : Set.copyOf(enforce));
    }
}
