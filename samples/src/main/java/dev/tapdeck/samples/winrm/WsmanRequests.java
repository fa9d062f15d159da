package dev.tapdeck.samples.winrm;

import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanNamespaces;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * WS-Man Shell requests of a cmd shell, written the way pywinrm writes them (prefixes {@code env: a: w: p:
 * rsp:}), as bytes ready to POST: for tests, demos and the load client of the benchmarks, which drive the
 * sample server (or a real host) without a Python client.
 *
 * @param endpoint the URL the requests address ({@code a:To})
 */
public record WsmanRequests(String endpoint) {
    public static final String CONTENT_TYPE = "application/soap+xml;charset=UTF-8";

    /** Create a cmd shell with stdin in, stdout and stderr out ([MS-WSMV] 3.1.4.5). */
    public byte[] create(String messageId) {
        return envelope(WsmanAction.Create, messageId, null, "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>"
                + "<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>");
    }

    /** Start a command line in a shell ([MS-WSMV] 3.1.4.11); the server chooses the CommandId. */
    public byte[] command(String messageId, String shellId, String command, String... arguments) {
        StringBuilder body = new StringBuilder("<rsp:CommandLine><rsp:Command>").append(escape(command)).append("</rsp:Command>");
        for (String a : arguments) {
            body.append("<rsp:Arguments>").append(escape(a)).append("</rsp:Arguments>");
        }
        return envelope(WsmanAction.Command, messageId, shellId, body.append("</rsp:CommandLine>").toString());
    }

    /** Send stdin to a command ([MS-WSMV] 3.1.4.13); {@code end} closes its stdin. */
    public byte[] send(String messageId, String shellId, String commandId, byte[] data, boolean end) {
        return envelope(WsmanAction.Send, messageId, shellId, "<rsp:Send><rsp:Stream Name=\"stdin\" CommandId=\""
                + commandId + "\"" + (end ? " End=\"true\"" : "") + ">" + Base64.getEncoder().encodeToString(data)
                + "</rsp:Stream></rsp:Send>");
    }

    /** Receive a command's stdout and stderr ([MS-WSMV] 3.1.4.14). */
    public byte[] receive(String messageId, String shellId, String commandId) {
        return envelope(WsmanAction.Receive, messageId, shellId, "<rsp:Receive><rsp:DesiredStream CommandId=\""
                + commandId + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>");
    }

    /** Signal a command, e.g. {@code terminate} or {@code ctrl_c} ([MS-WSMV] 3.1.4.12). */
    public byte[] signal(String messageId, String shellId, String commandId, String code) {
        return envelope(WsmanAction.Signal, messageId, shellId, "<rsp:Signal CommandId=\"" + commandId + "\"><rsp:Code>"
                + WsmanNamespaces.SHELL + "/signal/" + code + "</rsp:Code></rsp:Signal>");
    }

    /** Delete a shell ([MS-WSMV] 3.1.4.6). */
    public byte[] delete(String messageId, String shellId) {
        return envelope(WsmanAction.Delete, messageId, shellId, "");
    }

    private byte[] envelope(WsmanAction action, String messageId, String shellId, String body) {
        return envelope(action, messageId, shellId, body, "PT20S").getBytes(StandardCharsets.UTF_8);
    }

    /**
     * Any request of the cmd shell's ResourceURI: {@code body} is the SOAP Body's content, {@code shellId}
     * the selector (null: none), {@code operationTimeout} an xs:duration (null: none).
     */
    public String envelope(WsmanAction action, String messageId, String shellId, String body, String operationTimeout) {
        String header = "<a:To>" + endpoint + "</a:To>"
                + "<a:ReplyTo><a:Address mustUnderstand=\"true\">" + WsmanNamespaces.ADDRESSING
                + "/role/anonymous</a:Address></a:ReplyTo>"
                + "<w:MaxEnvelopeSize mustUnderstand=\"true\">153600</w:MaxEnvelopeSize>"
                + "<a:MessageID>" + messageId + "</a:MessageID>"
                + "<w:Locale mustUnderstand=\"false\" xml:lang=\"en-US\"/>"
                + (operationTimeout == null ? "" : "<w:OperationTimeout>" + operationTimeout + "</w:OperationTimeout>")
                + "<w:ResourceURI mustUnderstand=\"true\">" + WsmanNamespaces.RESOURCE_CMD + "</w:ResourceURI>"
                + "<a:Action mustUnderstand=\"true\">" + action.uri() + "</a:Action>"
                + (shellId == null ? "" : "<w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId
                        + "</w:Selector></w:SelectorSet>");
        String xml = "<?xml version=\"1.0\" encoding=\"utf-8\"?><env:Envelope xmlns:env=\"" + WsmanNamespaces.SOAP + "\""
                + " xmlns:a=\"" + WsmanNamespaces.ADDRESSING + "\" xmlns:w=\"" + WsmanNamespaces.WSMAN + "\""
                + " xmlns:p=\"" + WsmanNamespaces.WSMV + "\" xmlns:rsp=\"" + WsmanNamespaces.SHELL + "\">"
                + "<env:Header>" + header + "</env:Header><env:Body>" + body + "</env:Body></env:Envelope>";
        return xml;
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }
}
