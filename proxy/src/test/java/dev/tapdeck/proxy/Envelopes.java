package dev.tapdeck.proxy;

import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** Crafted WS-Man request and response envelopes, pywinrm style, for proxy tests. */
final class Envelopes {
    static final String CMD = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd";
    private static final String NS = "xmlns:s=\"http://www.w3.org/2003/05/soap-envelope\" "
            + "xmlns:wsa=\"http://schemas.xmlsoap.org/ws/2004/08/addressing\" "
            + "xmlns:wsman=\"http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd\" "
            + "xmlns:rsp=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell\"";

    private Envelopes() {
    }

    static String request(String action, String messageId, String shellId, String body) {
        return "<s:Envelope " + NS + "><s:Header><wsa:Action s:mustUnderstand=\"true\">" + action + "</wsa:Action>"
                + "<wsa:MessageID>" + messageId + "</wsa:MessageID>"
                + "<wsman:ResourceURI s:mustUnderstand=\"true\">" + CMD + "</wsman:ResourceURI>"
                + "<wsman:OperationTimeout>PT20S</wsman:OperationTimeout>"
                + (shellId == null ? "" : "<wsman:SelectorSet><wsman:Selector Name=\"ShellId\">" + shellId
                + "</wsman:Selector></wsman:SelectorSet>")
                + "</s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    static String response(String action, String relatesTo, String body) {
        return "<s:Envelope " + NS + "><s:Header><wsa:Action>" + action + "</wsa:Action>"
                + "<wsa:MessageID>uuid:00000000-0000-0000-0000-0000000000AA</wsa:MessageID>"
                + "<wsa:RelatesTo>" + relatesTo + "</wsa:RelatesTo></s:Header><s:Body>" + body + "</s:Body></s:Envelope>";
    }

    static String create(String messageId) {
        return request("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", messageId, null,
                "<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>");
    }

    static String createResponse(String relatesTo, String shellId) {
        return response("http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse", relatesTo,
                "<x:ResourceCreated xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer\"><wsa:Address>http://h/wsman</wsa:Address>"
                        + "<wsa:ReferenceParameters><wsman:ResourceURI>" + CMD + "</wsman:ResourceURI><wsman:SelectorSet>"
                        + "<wsman:Selector Name=\"ShellId\">" + shellId + "</wsman:Selector></wsman:SelectorSet>"
                        + "</wsa:ReferenceParameters></x:ResourceCreated>");
    }

    static String command(String messageId, String shellId, String command) {
        return request("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Command", messageId, shellId,
                "<rsp:CommandLine><rsp:Command>" + command + "</rsp:Command></rsp:CommandLine>");
    }

    static String commandResponse(String relatesTo, String commandId) {
        return response("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandResponse", relatesTo,
                "<rsp:CommandResponse><rsp:CommandId>" + commandId + "</rsp:CommandId></rsp:CommandResponse>");
    }

    static String send(String messageId, String shellId, String commandId, byte[] data, boolean end) {
        return request("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Send", messageId, shellId,
                "<rsp:Send><rsp:Stream Name=\"stdin\"" + (commandId == null ? "" : " CommandId=\"" + commandId + "\"")
                        + " End=\"" + end + "\">" + Base64.getEncoder().encodeToString(data) + "</rsp:Stream></rsp:Send>");
    }

    static String sendResponse(String relatesTo) {
        return response("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/SendResponse", relatesTo, "<rsp:SendResponse/>");
    }

    static String receive(String messageId, String shellId, String commandId, String timeout) {
        return request("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/Receive", messageId, shellId,
                "<rsp:Receive><rsp:DesiredStream CommandId=\"" + commandId + "\">stdout stderr</rsp:DesiredStream></rsp:Receive>")
                .replace("PT20S", timeout);
    }

    static String receiveResponse(String relatesTo, String commandId, String stdout) {
        return response("http://schemas.microsoft.com/wbem/wsman/1/windows/shell/ReceiveResponse", relatesTo,
                "<rsp:ReceiveResponse><rsp:Stream Name=\"stdout\" CommandId=\"" + commandId + "\" End=\"true\">"
                        + Base64.getEncoder().encodeToString(stdout.getBytes(StandardCharsets.UTF_8)) + "</rsp:Stream>"
                        + "<rsp:CommandState CommandId=\"" + commandId + "\" State=\"http://schemas.microsoft.com/wbem/wsman/1/windows/shell/CommandState/Done\">"
                        + "<rsp:ExitCode>0</rsp:ExitCode></rsp:CommandState></rsp:ReceiveResponse>");
    }

    static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }
}
