package dev.tapdeck.samples.psrp;

import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanNamespaces;
import dev.tapdeck.protocol.xml.XmlEscape;

import java.util.Base64;
import java.util.UUID;

/**
 * The WS-Man requests of a PSRP client, written as pypsrp writes them (test_psrp_with_input.yml): prefixes
 * {@code s: wsa: wsman: wsmv: rsp:}, a fresh {@code uuid:} MessageID, the PowerShell ResourceURI, the ShellId
 * selector after Create, {@code protocolversion} 2.3 on the Create ([MS-PSRP] 3.1.5.3.1).
 */
final class WsmanRequests {
    private final String to;
    private final String resourceUri;
    private final int maxEnvelopeSize;
    private final String operationTimeout;

    WsmanRequests(String to, String resourceUri, int maxEnvelopeSize, String operationTimeout) {
        this.to = to;
        this.resourceUri = resourceUri;
        this.maxEnvelopeSize = maxEnvelopeSize;
        this.operationTimeout = operationTimeout;
    }

    /** [MS-PSRP] 3.1.5.3.1: Create with the RunspacePool id as ShellId and the opening messages in creationXml. */
    String create(String messageId, String shellId, byte[] creationXml) {
        return envelope(WsmanAction.Create, messageId, null, "<wsman:OptionSet s:mustUnderstand=\"true\"><wsman:Option"
                + " MustComply=\"true\" Name=\"protocolversion\">2.3</wsman:Option></wsman:OptionSet>",
                "<rsp:Shell ShellId=\"" + shellId + "\"><rsp:InputStreams>stdin pr</rsp:InputStreams><rsp:OutputStreams>stdout"
                        + "</rsp:OutputStreams><creationXml xmlns=\"" + WsmanNamespaces.POWERSHELL + "\">" + base64(creationXml)
                        + "</creationXml></rsp:Shell>");
    }

    /** [MS-PSRP] 3.1.5.3.3: Command with an empty rsp:Command and the first fragment(s) in Arguments. */
    String command(String messageId, String shellId, String commandId, byte[] firstFragments) {
        return envelope(WsmanAction.Command, messageId, shellId, "", "<rsp:CommandLine CommandId=\"" + commandId + "\">"
                + "<rsp:Command /><rsp:Arguments>" + base64(firstFragments) + "</rsp:Arguments></rsp:CommandLine>");
    }

    /** [MS-PSRP] 3.1.5.3.5: one stdin stream, with the CommandId when it targets a pipeline. */
    String send(String messageId, String shellId, String commandId, byte[] fragments) {
        return envelope(WsmanAction.Send, messageId, shellId, "", "<rsp:Send><rsp:Stream Name=\"stdin\""
                + (commandId == null ? "" : " CommandId=\"" + commandId + "\"") + ">" + base64(fragments) + "</rsp:Stream></rsp:Send>");
    }

    /** [MS-PSRP] 3.1.5.3.7: stdout only; no CommandId for the RunspacePool. */
    String receive(String messageId, String shellId, String commandId) {
        return envelope(WsmanAction.Receive, messageId, shellId, "", "<rsp:Receive><rsp:DesiredStream"
                + (commandId == null ? "" : " CommandId=\"" + commandId + "\"") + ">stdout</rsp:DesiredStream></rsp:Receive>");
    }

    /** [MS-PSRP] 3.1.5.3.9: {@code powershell/signal/ctrl_c} stops a pipeline (sent so, not as the spec's "crtl_c"). */
    String signal(String messageId, String shellId, String commandId, String code) {
        return envelope(WsmanAction.Signal, messageId, shellId, "", "<rsp:Signal CommandId=\"" + commandId + "\"><rsp:Code>"
                + code + "</rsp:Code></rsp:Signal>");
    }

    String delete(String messageId, String shellId) {
        return envelope(WsmanAction.Delete, messageId, shellId, "", "");
    }

    static String messageId() {
        return "uuid:" + UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT);
    }

    private String envelope(WsmanAction action, String messageId, String shellId, String extraHeaders, String body) {
        StringBuilder to = XmlEscape.text(new StringBuilder(), this.to);
        return "<s:Envelope xmlns:rsp=\"" + WsmanNamespaces.SHELL + "\" xmlns:s=\"" + WsmanNamespaces.SOAP + "\" xmlns:wsa=\""
                + WsmanNamespaces.ADDRESSING + "\" xmlns:wsman=\"" + WsmanNamespaces.WSMAN + "\" xmlns:wsmv=\"" + WsmanNamespaces.WSMV
                + "\"><s:Header><wsa:Action s:mustUnderstand=\"true\">" + action.uri() + "</wsa:Action>"
                + "<wsmv:DataLocale s:mustUnderstand=\"false\" xml:lang=\"en-US\" />"
                + "<wsman:Locale s:mustUnderstand=\"false\" xml:lang=\"en-US\" />"
                + "<wsman:MaxEnvelopeSize s:mustUnderstand=\"true\">" + maxEnvelopeSize + "</wsman:MaxEnvelopeSize>"
                + "<wsa:MessageID>" + messageId + "</wsa:MessageID>"
                + "<wsman:OperationTimeout>" + operationTimeout + "</wsman:OperationTimeout>"
                + "<wsa:ReplyTo><wsa:Address s:mustUnderstand=\"true\">" + WsmanNamespaces.ADDRESSING
                + "/role/anonymous</wsa:Address></wsa:ReplyTo>"
                + "<wsman:ResourceURI s:mustUnderstand=\"true\">" + resourceUri + "</wsman:ResourceURI>"
                + "<wsa:To>" + to + "</wsa:To>" + extraHeaders
                + (shellId == null ? "" : "<wsman:SelectorSet><wsman:Selector Name=\"ShellId\">" + shellId
                        + "</wsman:Selector></wsman:SelectorSet>")
                + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    private static String base64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }
}
