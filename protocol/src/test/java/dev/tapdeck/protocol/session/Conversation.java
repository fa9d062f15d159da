package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.rules.Policy;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.wsman.EnvelopeReader;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Writes WS-Man conversations for rule tests: "client sends X, server answers Y", through a {@link WsmanTap}
 * as the proxy drives it, collecting every violation in order.
 */
final class Conversation {
    static final String CMD = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd";
    static final String PWSH = "http://schemas.microsoft.com/powershell/Microsoft.PowerShell";
    static final String CUSTOM = "http://example.com/shells/custom";
    private static final String NS = "xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
            + "xmlns:a=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
            + "xmlns:w=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
            + "xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\"";

    final WsmanTap tap;
    final List<Violation> violations = new ArrayList<>();
    /** Every result, requests and responses, in order. */
    final List<TapResult> results = new ArrayList<>();
    /** Every body, requests and responses, in order (seeds for the fuzz targets). */
    final List<byte[]> bodies = new ArrayList<>();
    private int ids;

    Conversation(Policy policy) {
        this(policy, AuditOptions.DEFAULT);
    }

    Conversation(Policy policy, AuditOptions audit) {
        tap = new WsmanTap(new EnvelopeReader(), new WsmanSessionState(), policy, audit);
    }

    Conversation() {
        this(Policy.OBSERVE);
    }

    /** Sends a request; when {@code forward} the tap records it as forwarded. Returns the request result. */
    TapResult request(String xml) {
        bodies.add(xml.getBytes(StandardCharsets.UTF_8));
        TapResult r = tap.inspectRequest("application/soap+xml;charset=UTF-8", bodies.get(bodies.size() - 1));
        violations.addAll(r.violations());
        results.add(r);
        if (!r.blocked()) {
            tap.forwarded(r);
        }
        return r;
    }

    TapResult response(TapResult request, String xml) {
        bodies.add(xml.getBytes(StandardCharsets.UTF_8));
        TapResult r = tap.inspectResponse(request, 200, "application/soap+xml;charset=UTF-8", bodies.get(bodies.size() - 1));
        violations.addAll(r.violations());
        results.add(r);
        return r;
    }

    /** Request and its response in one step. */
    TapResult exchange(String request, String responseBody, String responseAction) {
        TapResult req = request(request);
        response(req, response(responseAction, req.envelope().header().messageId(), responseBody));
        return req;
    }

    String nextId() {
        return "uuid:00000000-0000-0000-0000-" + String.format("%012d", ++ids);
    }

    List<String> ruleIds() {
        return violations.stream().map(v -> v.rule().id()).toList();
    }

    /** The audit records handed over so far. */
    List<AuditRecord> audits() {
        return results.stream().flatMap(r -> r.audits().stream()).toList();
    }

    /** The PSRP messages decoded so far, by MessageType name. */
    List<String> psrpTypes() {
        return results.stream().flatMap(r -> r.psrpMessages().stream()).map(PsrpMessageDecoded::type).toList();
    }

    // ---- envelopes -------------------------------------------------------------------------------

    String req(String action, String resourceUri, String shellId, String body) {
        return "<s:Envelope " + NS + "><s:Header><a:Action s:mustUnderstand=\"true\">" + action + "</a:Action>"
                + "<a:MessageID>" + nextId() + "</a:MessageID>"
                + "<w:ResourceURI s:mustUnderstand=\"true\">" + resourceUri + "</w:ResourceURI>"
                + (shellId == null ? "" : "<w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId + "</w:Selector></w:SelectorSet>")
                + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    static String response(String action, String relatesTo, String body) {
        return "<s:Envelope " + NS + "><s:Header><a:Action>" + action + "</a:Action>"
                + "<a:MessageID>uuid:AAAAAAAA-0000-0000-0000-000000000000</a:MessageID>"
                + "<a:RelatesTo>" + relatesTo + "</a:RelatesTo></s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    void createShell(String resourceUri, String shellId) {
        exchange(req("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", resourceUri, null,
                        "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout</rsp:OutputStreams></rsp:Shell>"),
                "<x:ResourceCreated xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer\"><a:ReferenceParameters>"
                        + "<w:ResourceURI>" + resourceUri + "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId
                        + "</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>",
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse");
    }

    void startCommand(String resourceUri, String shellId, String commandId) {
        exchange(req("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command", resourceUri, shellId,
                        "<rsp:CommandLine><rsp:Command>cat</rsp:Command></rsp:CommandLine>"),
                "<rsp:CommandResponse><rsp:CommandId>" + commandId + "</rsp:CommandId></rsp:CommandResponse>",
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandResponse");
    }

    void commandDone(String resourceUri, String shellId, String commandId, int exitCode) {
        exchange(req("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive", resourceUri, shellId,
                        "<rsp:Receive><rsp:DesiredStream CommandId=\"" + commandId + "\">stdout</rsp:DesiredStream></rsp:Receive>"),
                "<rsp:ReceiveResponse><rsp:Stream Name=\"stdout\" CommandId=\"" + commandId + "\" End=\"true\"></rsp:Stream>"
                        + "<rsp:CommandState CommandId=\"" + commandId + "\" State=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done\">"
                        + "<rsp:ExitCode>" + exitCode + "</rsp:ExitCode></rsp:CommandState></rsp:ReceiveResponse>",
                "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/ReceiveResponse");
    }

    String send(String resourceUri, String shellId, String commandId, String text, boolean end) {
        String content = text == null ? "" : Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        return req("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send", resourceUri, shellId,
                "<rsp:Send><rsp:Stream Name=\"stdin\"" + (commandId == null ? "" : " CommandId=\"" + commandId + "\"")
                        + " End=\"" + end + "\">" + content + "</rsp:Stream></rsp:Send>");
    }

    static final String SEND_RESPONSE = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SendResponse";
}
