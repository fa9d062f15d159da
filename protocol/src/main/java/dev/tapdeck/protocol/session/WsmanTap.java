package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The WinRM tap without I/O: decodes a copy of each body, runs the session rules (WS-Man, and PSRP for
 * PowerShell shells), asks the policy whether a request may go on, and hands over an audit record for
 * each command that ended. Shared by the proxy, the replay and the command line tools.
 */
public final class WsmanTap {
    private final EnvelopeReader reader;
    private final WsmanSessionState state;
    private final Policy policy;
    private final PsrpSessionState psrp;
    private final TextShellAudits text;

    public WsmanTap(EnvelopeReader reader, WsmanSessionState state, Policy policy, AuditOptions audit) {
        this.reader = reader;
        this.state = state;
        this.policy = policy;
        this.psrp = new PsrpSessionState(state.maxShells(), audit);
        this.text = new TextShellAudits(audit, state.maxShells());
    }

    public WsmanTap(EnvelopeReader reader, WsmanSessionState state, Policy policy) {
        this(reader, state, policy, AuditOptions.DEFAULT);
    }

    public WsmanSessionState state() {
        return state;
    }

    public Policy policy() {
        return policy;
    }

    /** How many RunspacePools (PowerShell shells) the PSRP layer follows. */
    public int runspacePoolCount() {
        return psrp.poolCount();
    }

    /** Decodes and checks a request body; the state is not changed until {@link #forwarded}. */
    public TapResult inspectRequest(String contentType, byte[] body) {
        return inspectRequest(contentType, body, Requester.UNKNOWN);
    }

    /** As {@link #inspectRequest(String, byte[])}, naming who sent it (for the audit of the commands it starts). */
    public TapResult inspectRequest(String contentType, byte[] body, Requester requester) {
        BodyKind kind = BodyKind.of(contentType, body.length);
        if (kind != BodyKind.SOAP) {
            return new TapResult(kind, null, List.of(), List.of(), Optional.empty());
        }
        EnvelopeDecoded decoded = reader.read(body);
        List<Violation> violations = new ArrayList<>();
        List<DecodeProblem> problems = new ArrayList<>(problemsOf(decoded, violations));
        if (decoded instanceof EnvelopeDecoded.EnvelopeParsed parsed) {
            WsmanEnvelope envelope = parsed.envelope();
            violations.addAll(state.inspectRequest(envelope));
            PsrpRequest p = psrp.inspectRequest(envelope, requester);
            if (p != null) {
                violations.addAll(p.violations);
                problems.addAll(p.problems);
            }
            TextShellAudits.TextRequest t = text.inspectRequest(envelope, shellKind(envelope), requester);
            return new TapResult(kind, envelope, problems, violations, policy.firstBlocking(violations),
                    p == null ? List.of() : p.events(), List.of(), new Correlation(p, t));
        }
        return new TapResult(kind, null, problems, violations, policy.firstBlocking(violations));
    }

    /** The request went upstream: record it in the session state. */
    public void forwarded(TapResult request) {
        request.parsed().ifPresent(state::requestForwarded);
        psrp.forwarded(request.correlation().psrp);
        text.forwarded(request.correlation().text);
    }

    /**
     * Decodes and checks a response body against its request. A request that had no readable envelope
     * has nothing to correlate with; its response is still decoded.
     */
    public TapResult inspectResponse(TapResult request, int status, String contentType, byte[] body) {
        BodyKind kind = BodyKind.of(contentType, body.length);
        if (kind != BodyKind.SOAP) {
            List<Violation> violations = kind == BodyKind.ENCRYPTED ? List.of()
                    : responseMissing(request, "HTTP " + status + " with no envelope");
            return new TapResult(kind, null, List.of(), violations, Optional.empty());
        }
        EnvelopeDecoded decoded = reader.read(body);
        List<Violation> violations = new ArrayList<>();
        List<DecodeProblem> problems = new ArrayList<>(problemsOf(decoded, violations));
        if (decoded instanceof EnvelopeDecoded.EnvelopeParsed parsed) {
            WsmanEnvelope response = parsed.envelope();
            request.parsed().ifPresent(r -> violations.addAll(state.responseReceived(r, response)));
            PsrpResponse p = psrp.responseReceived(request.correlation().psrp, response);
            violations.addAll(p.violations);
            problems.addAll(p.problems);
            List<AuditRecord> audits = new ArrayList<>(p.audits);
            audits.addAll(text.responseReceived(request.correlation().text, response));
            return new TapResult(kind, response, problems, violations, Optional.empty(), p.events(), audits, Correlation.NONE);
        }
        violations.addAll(responseMissing(request, "HTTP " + status + " with an unreadable body"));
        return new TapResult(kind, null, problems, violations, Optional.empty());
    }

    /**
     * The proxy refused a request and did not forward it (a plug-in veto or failure): the audit of the command
     * it concerned says so. A refused Command gives its own record (state {@code Refused}, the reason as its
     * error); a refused Send adds the reason to the errors of its command, seen when that record is handed over.
     */
    public List<AuditRecord> refused(TapResult request, String reason) {
        List<AuditRecord> out = new ArrayList<>(psrp.refused(request.correlation().psrp, reason));
        out.addAll(text.refused(request.correlation().text, reason));
        return out;
    }

    /** The request got no response at all (upstream unreachable, reset, closed, timed out). */
    public List<Violation> responseMissing(TapResult request, String why) {
        psrp.responseMissing(request.correlation().psrp);
        return request.parsed().map(r -> state.responseMissing(r, why)).orElse(List.of());
    }

    /**
     * The tap stops (proxy shut down, end of a replay): the audit records of every command still
     * running, marked incomplete with {@code reason}.
     */
    public List<AuditRecord> finish(String reason) {
        List<AuditRecord> out = new ArrayList<>(psrp.finish(reason));
        out.addAll(text.finish(reason));
        return out;
    }

    /** The kind of shell a request addresses; a Create (or a shell created unseen) by its ResourceURI. */
    private ShellKind shellKind(WsmanEnvelope request) {
        ShellKind known = request.body() instanceof WsmanBody.Shell ? ShellKind.UNKNOWN : state.kindOf(request);
        return known != ShellKind.UNKNOWN ? known : ShellKind.of(request.header().resourceUri());
    }

    private static List<DecodeProblem> problemsOf(EnvelopeDecoded decoded, List<Violation> violations) {
        List<DecodeProblem> problems = decoded instanceof EnvelopeDecoded.EnvelopeParsed parsed
                ? parsed.problems() : List.of(((EnvelopeDecoded.EnvelopeRejected) decoded).problem());
        for (DecodeProblem p : problems) {
            WsmanRule rule = switch (p.kind()) {
                case DTD_FORBIDDEN -> WsmanRule.DTD_PRESENT;
                case MALFORMED_XML, NOT_AN_ENVELOPE -> WsmanRule.ENVELOPE_MALFORMED;
                case LIMIT_EXCEEDED -> WsmanRule.ENVELOPE_LIMIT;
                case INVALID_BASE64 -> WsmanRule.STREAM_NOT_BASE64;
                case INVALID_VALUE -> null;
            };
            if (rule != null) {
                violations.add(new Violation(rule, "", p.detail()));
            }
        }
        return problems;
    }
}
