package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.rules.WsmanRule;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The WinRM tap without I/O: decodes a copy of each body, runs the session rules, and asks the policy
 * whether a request may go on. Shared by the proxy, the replay and the command line tools.
 */
public final class WsmanTap {
    private final EnvelopeReader reader;
    private final WsmanSessionState state;
    private final Policy policy;

    public WsmanTap(EnvelopeReader reader, WsmanSessionState state, Policy policy) {
        this.reader = reader;
        this.state = state;
        this.policy = policy;
    }

    public WsmanSessionState state() {
        return state;
    }

    public Policy policy() {
        return policy;
    }

    /** Decodes and checks a request body; the state is not changed until {@link #forwarded}. */
    public TapResult inspectRequest(String contentType, byte[] body) {
        BodyKind kind = BodyKind.of(contentType, body.length);
        if (kind != BodyKind.SOAP) {
            return new TapResult(kind, null, List.of(), List.of(), Optional.empty());
        }
        EnvelopeDecoded decoded = reader.read(body);
        List<Violation> violations = new ArrayList<>();
        List<DecodeProblem> problems = problemsOf(decoded, violations);
        if (decoded instanceof EnvelopeDecoded.EnvelopeParsed parsed) {
            violations.addAll(state.inspectRequest(parsed.envelope()));
            return new TapResult(kind, parsed.envelope(), problems, violations, policy.firstBlocking(violations));
        }
        return new TapResult(kind, null, problems, violations, policy.firstBlocking(violations));
    }

    /** The request went upstream: record it in the session state. */
    public void forwarded(TapResult request) {
        request.parsed().ifPresent(state::requestForwarded);
    }

    /**
     * Decodes and checks a response body against its request. A request that had no readable envelope
     * has nothing to correlate with; its response is still decoded.
     */
    public TapResult inspectResponse(TapResult request, int status, String contentType, byte[] body) {
        BodyKind kind = BodyKind.of(contentType, body.length);
        if (kind != BodyKind.SOAP) {
            List<Violation> violations = kind == BodyKind.ENCRYPTED ? List.of()
                    : request.parsed().map(r -> state.responseMissing(r, "HTTP " + status + " with no envelope"))
                    .orElse(List.of());
            return new TapResult(kind, null, List.of(), violations, Optional.empty());
        }
        EnvelopeDecoded decoded = reader.read(body);
        List<Violation> violations = new ArrayList<>();
        List<DecodeProblem> problems = problemsOf(decoded, violations);
        if (decoded instanceof EnvelopeDecoded.EnvelopeParsed parsed) {
            request.parsed().ifPresent(r -> violations.addAll(state.responseReceived(r, parsed.envelope())));
            return new TapResult(kind, parsed.envelope(), problems, violations, Optional.empty());
        }
        request.parsed().ifPresent(r -> violations.addAll(
                state.responseMissing(r, "HTTP " + status + " with an unreadable body")));
        return new TapResult(kind, null, problems, violations, Optional.empty());
    }

    /** The request got no response at all (upstream unreachable, reset, closed, timed out). */
    public List<Violation> responseMissing(TapResult request, String why) {
        return request.parsed().map(r -> state.responseMissing(r, why)).orElse(List.of());
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
