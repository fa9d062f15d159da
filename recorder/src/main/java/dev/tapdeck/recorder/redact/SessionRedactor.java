package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.ntlm.AuthHeaderTokens;
import dev.tapdeck.protocol.ntlm.AuthToken;
import dev.tapdeck.protocol.ntlm.NtlmMessage;
import dev.tapdeck.protocol.session.AuditRecord;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HeaderRedactor;
import dev.tapdeck.recorder.HttpHead;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The redaction of one session (one client connection, one recording), applied to what crossed the wire in
 * wire order. Pure: bytes and state in, bytes out; no I/O, no clock. The recorder runs it at write time
 * ({@link RedactingSink}); a replay server runs a fresh one over the live traffic of a replayed session, in
 * the same order, and gets the same placeholders, hence the same bytes as the recording:
 * <pre>
 * SessionRedactor r = new SessionRedactor(policy);      // per replayed session
 * HttpHead head = r.head(liveHead);
 * byte[] body = r.winrmRequest(liveBody);               // then r.winrmResponse(...) for its answer
 * byte[] chunk = r.webSocket(Direction.CLIENT_TO_SERVER).chunk(bytes);
 * </pre>
 * Not thread-safe: one session's events arrive in order on one thread.
 */
public final class SessionRedactor {
    private final RedactionPolicy policy;
    private final Redactions redactions = new Redactions();
    private final HeaderRedactor headers;
    private final SoapBodyRedactor soap;
    private final Map<Direction, WsStreamRedactor> webSocket;
    /** The ShellId of the last request: its response names none, and answers it (HTTP/1.1 on one connection). */
    private final String[] shell = {""};
    /** The last request when it was let through unparsed ({@link #winrmRequest(byte[], boolean)}), else null. */
    private byte[] unparsedRequest;

    public SessionRedactor(RedactionPolicy policy) {
        this.policy = policy;
        this.headers = new HeaderRedactor(policy, redactions);
        this.soap = new SoapBodyRedactor(policy, redactions, new PsrpPayloadRedactor(redactions));
        this.webSocket = Map.of(Direction.CLIENT_TO_SERVER, new WsStreamRedactor(policy, redactions),
                Direction.SERVER_TO_CLIENT, new WsStreamRedactor(policy, redactions));
    }

    public RedactionPolicy policy() {
        return policy;
    }

    public boolean enabled() {
        return policy.enabled();
    }

    /** Credentials, cookies and named headers replaced; scheme, Basic user, NTLM domain and user kept. */
    public HttpHead head(HttpHead head) {
        return headers.redact(head);
    }

    /** A WinRM request body (client to server) redacted: the same array when unchanged, empty when dropped. */
    public byte[] winrmRequest(byte[] body) {
        return winrmRequest(body, false);
    }

    /**
     * As {@link #winrmRequest(byte[])}; {@code wellFormed} says the body is known to parse as a whole XML document
     * (the tap decoded it), so one that cannot hold anything to redact comes back as it is without a second parse.
     * The result is the same either way.
     */
    public byte[] winrmRequest(byte[] body, boolean wellFormed) {
        shell[0] = "";
        unparsedRequest = null;
        if (wellFormed && untouched(body)) {
            // its ShellId is read only if the answer carries a PSRP payload, which is redacted per shell
            unparsedRequest = body;
            return body;
        }
        return winrm(body, "c2s");
    }

    /** The body of the answer to the last {@link #winrmRequest}. */
    public byte[] winrmResponse(byte[] body) {
        return winrmResponse(body, false);
    }

    /** As {@link #winrmResponse(byte[])}, with {@code wellFormed} as for {@link #winrmRequest(byte[], boolean)}. */
    public byte[] winrmResponse(byte[] body, boolean wellFormed) {
        if (wellFormed && untouched(body)) {
            return body;
        }
        if (unparsedRequest != null) {
            // a request with no PSRP carrier and no named element: this pass only learns its ShellId, it changes nothing
            soap.redact(unparsedRequest, "c2s", shell);
            unparsedRequest = null;
        }
        return winrm(body, "s2c");
    }

    /**
     * Redaction could only leave this well-formed body as it is: no element named by the user, no carrier holding
     * PSRP fragments. The tap's parse proved it well-formed, a byte scan finds the carriers: one parse per body.
     */
    private boolean untouched(byte[] body) {
        return !policy.enabled() || body == null || body.length == 0
                || policy.xmlPaths().isEmpty() && (soap.knowsCompressedShell()
                        ? CarrierScan.noCarrier(body, SoapBodyRedactor.MAX_DEPTH)
                        : CarrierScan.noPsrpCarrier(body, SoapBodyRedactor.MAX_DEPTH));
    }

    private byte[] winrm(byte[] body, String direction) {
        if (!policy.enabled() || body == null || body.length == 0) {
            return body;
        }
        byte[] out = soap.redact(body, direction, shell);
        return out == null ? new byte[0] : out;
    }

    /** An audit record with host responses withheld and named values swept. */
    public AuditRecord audit(AuditRecord record) {
        return policy.enabled() ? AuditRedactor.redact(record, redactions) : record;
    }

    /**
     * {@code text} with the values already redacted elsewhere in this session replaced (host-response strings a
     * script echoes, stdin the user named): for derived text such as summaries.
     */
    public String sweep(String text) {
        return redactions.sweep(text);
    }

    /** Whether {@link #sweep} can change anything yet. */
    public boolean sweeping() {
        return redactions.sweeping();
    }

    /** The redactor of one WebSocket direction's byte stream. */
    public WsStreamRedactor webSocket(Direction direction) {
        return webSocket.get(direction);
    }

    /** How often each kind was applied so far, by JSON name; never a value. */
    public Map<String, Long> counts() {
        return redactions.counts();
    }

    /** The kinds in force, as the header lists them. */
    public List<String> kinds() {
        return policy.describe();
    }

    /**
     * What an Authorization token may show once redacted: the NTLM message type and, for an AUTHENTICATE,
     * domain and user.
     */
    public static Optional<String> ntlmSummary(String token68) {
        byte[] token;
        try {
            token = java.util.Base64.getDecoder().decode(token68.trim());
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
        // raw NTLMSSP or SPNEGO-wrapped ([MS-NLMP] 2.2.1, [RFC 4178] 4.2); the protocol module's bounded reader
        if (!(AuthHeaderTokens.readToken("Negotiate", token) instanceof AuthToken.NtlmToken n)) {
            return Optional.empty();
        }
        if (n.message() instanceof NtlmMessage.Authenticate a) {
            String account = a.account();
            // shown on a console: a name with control characters is left out
            boolean printable = account.length() <= 512 && account.chars().noneMatch(c -> c < 0x20 || c == 0x7F);
            return Optional.of(printable ? "NTLM AUTHENTICATE user=" + account : "NTLM AUTHENTICATE");
        }
        return Optional.of(n.message() instanceof NtlmMessage.Challenge ? "NTLM CHALLENGE" : "NTLM NEGOTIATE");
    }
}
