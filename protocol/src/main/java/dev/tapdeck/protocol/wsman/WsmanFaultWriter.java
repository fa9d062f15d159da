package dev.tapdeck.protocol.wsman;

import dev.tapdeck.protocol.xml.XmlEscape;

import java.util.UUID;

/**
 * Writes the WS-Man faults the proxy itself answers with (enforce mode, 413, 502), shaped like the faults
 * of real Windows servers ([MS-WSMV] 2.2.4.43; protocol-notes A.7) so that clients report them cleanly.
 */
public final class WsmanFaultWriter {
    private WsmanFaultWriter() {
    }

    /**
     * @param code           {@code s:Sender} or {@code s:Receiver}
     * @param subcode        a qualified subcode such as {@code w:InvalidParameter} ({@code w} is WS-Man)
     * @param relatesTo      the request's MessageID, or null when it is not known
     * @param reason         the text a client shows to its user
     * @param wsmanFaultCode the {@code f:WSManFault/@Code} value
     * @param messageId      the fault's own MessageID; pass {@code uuid:…}, injected so output is deterministic
     */
    public static String fault(String code, String subcode, String relatesTo, String reason, long wsmanFaultCode,
                               String machine, String messageId) {
        StringBuilder sb = new StringBuilder(1024);
        sb.append("<s:Envelope xml:lang=\"en-US\" xmlns:s=\"").append(WsmanNamespaces.SOAP)
                .append("\" xmlns:a=\"").append(WsmanNamespaces.ADDRESSING)
                .append("\" xmlns:w=\"").append(WsmanNamespaces.WSMAN)
                .append("\" xmlns:f=\"").append(WsmanNamespaces.WSMAN_FAULT).append("\">")
                .append("<s:Header><a:Action>").append(WsmanAction.Fault.uri()).append("</a:Action><a:MessageID>");
        XmlEscape.text(sb, messageId).append("</a:MessageID>")
                .append("<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>");
        if (relatesTo != null) {
            XmlEscape.text(sb.append("<a:RelatesTo>"), relatesTo).append("</a:RelatesTo>");
        }
        XmlEscape.text(sb.append("</s:Header><s:Body><s:Fault><s:Code><s:Value>"), code).append("</s:Value>");
        XmlEscape.text(sb.append("<s:Subcode><s:Value>"), subcode).append("</s:Value></s:Subcode></s:Code>");
        XmlEscape.text(sb.append("<s:Reason><s:Text xml:lang=\"en-US\">"), reason).append("</s:Text></s:Reason>");
        sb.append("<s:Detail><f:WSManFault Code=\"").append(wsmanFaultCode).append("\" Machine=\"");
        XmlEscape.attribute(sb, machine).append("\"><f:Message>");
        XmlEscape.text(sb, reason).append("</f:Message></f:WSManFault></s:Detail></s:Fault></s:Body></s:Envelope>");
        return sb.toString();
    }

    /** A fault with a fresh random MessageID. */
    public static String fault(String code, String subcode, String relatesTo, String reason, long wsmanFaultCode,
                               String machine) {
        return fault(code, subcode, relatesTo, reason, wsmanFaultCode, machine,
                "uuid:" + UUID.randomUUID().toString().toUpperCase(java.util.Locale.ROOT));
    }
}
