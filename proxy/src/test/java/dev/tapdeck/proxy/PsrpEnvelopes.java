package dev.tapdeck.proxy;

import dev.tapdeck.protocol.psrp.Destination;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageCodec;
import dev.tapdeck.protocol.psrp.PsrpMessageType;

import java.util.Base64;
import java.util.UUID;

/** Crafted PowerShell (PSRP over WS-Man) envelopes for proxy tests, built with the codecs' encoders. */
final class PsrpEnvelopes {
    static final String PWSH = "http://schemas.microsoft.com/powershell/Microsoft.PowerShell";
    static final String SHELL = "8476A866-BDDE-4616-A461-550AC92B1C20";
    static final UUID POOL = UUID.fromString(SHELL);
    static final String CMD_ID = "13E829FC-384D-41C8-88BF-933C03FC2C53";
    static final UUID PID = UUID.fromString(CMD_ID);
    static final UUID ZERO = new UUID(0, 0);
    static final String SHELL_NS = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    static final String PIPELINE = "<Obj RefId=\"0\"><MS><Obj N=\"PowerShell\" RefId=\"1\"><MS><Nil N=\"ExtraCmds\" />"
            + "<Obj N=\"Cmds\" RefId=\"2\"><LST><Obj RefId=\"3\"><MS><S N=\"Cmd\">Get-Service</S><B N=\"IsScript\">false</B>"
            + "<Obj N=\"Args\" RefId=\"4\"><LST><Obj RefId=\"5\"><MS><S N=\"N\">Name</S><S N=\"V\">WinRM</S></MS></Obj></LST></Obj>"
            + "</MS></Obj></LST></Obj></MS></Obj></MS></Obj>";

    private long objectId;

    /** A client (or, with {@code toClient}, server) message as one base64 fragment, with the next ObjectId. */
    String fragment(boolean toClient, PsrpMessageType type, UUID rpid, UUID pid, String data) {
        Destination d = toClient ? Destination.CLIENT : Destination.SERVER;
        byte[] message = PsrpMessageCodec.encode(PsrpMessage.of(d, type, rpid, pid, data, toClient));
        return Base64.getEncoder().encodeToString(Fragmenter.encode(new Fragmenter().fragment(++objectId, message)));
    }

    String client(PsrpMessageType type, UUID pid, String data) {
        return fragment(false, type, POOL, pid, data);
    }

    static String request(String action, String messageId, String shellId, String body) {
        return Envelopes.request(action, messageId, shellId, body).replace(Envelopes.CMD, PWSH);
    }

    String create(String messageId) {
        return request("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", messageId, null, "<rsp:Shell ShellId=\"" + SHELL
                + "\"><rsp:InputStreams>stdin pr</rsp:InputStreams><rsp:OutputStreams>stdout</rsp:OutputStreams>"
                + "<creationXml xmlns=\"http://schemas.microsoft.com/powershell\">" + Base64.getEncoder().encodeToString(concat(
                client(PsrpMessageType.SESSION_CAPABILITY, ZERO, "<Obj RefId=\"0\"><MS><Version N=\"protocolversion\">2.3</Version></MS></Obj>"),
                client(PsrpMessageType.INIT_RUNSPACEPOOL, ZERO, "<Obj RefId=\"0\"><MS><I32 N=\"MinRunspaces\">1</I32></MS></Obj>")))
                + "</creationXml></rsp:Shell>");
    }

    static String receive(String messageId, String commandId) {
        return request(SHELL_NS + "/Receive", messageId, SHELL, "<rsp:Receive><rsp:DesiredStream"
                + (commandId == null ? "" : " CommandId=\"" + commandId + "\"") + ">stdout</rsp:DesiredStream></rsp:Receive>");
    }

    String command(String messageId) {
        return request(SHELL_NS + "/Command", messageId, SHELL, "<rsp:CommandLine CommandId=\"" + CMD_ID + "\"><rsp:Command/>"
                + "<rsp:Arguments>" + client(PsrpMessageType.CREATE_PIPELINE, PID, PIPELINE) + "</rsp:Arguments></rsp:CommandLine>");
    }

    static String send(String messageId, String commandId, String fragments) {
        return request(SHELL_NS + "/Send", messageId, SHELL, "<rsp:Send><rsp:Stream Name=\"stdin\""
                + (commandId == null ? "" : " CommandId=\"" + commandId + "\"") + ">" + fragments + "</rsp:Stream></rsp:Send>");
    }

    /** The answer to a pool Receive: SESSION_CAPABILITY and RUNSPACEPOOL_STATE Opened. */
    String poolOpened(String relatesTo) {
        return Envelopes.response(SHELL_NS + "/ReceiveResponse", relatesTo, "<rsp:ReceiveResponse><rsp:Stream Name=\"stdout\">"
                + fragment(true, PsrpMessageType.SESSION_CAPABILITY, ZERO, ZERO, "<Obj RefId=\"0\"><MS /></Obj>")
                + "</rsp:Stream><rsp:Stream Name=\"stdout\">" + fragment(true, PsrpMessageType.RUNSPACEPOOL_STATE, POOL, ZERO,
                "<Obj RefId=\"0\"><MS><I32 N=\"RunspaceState\">2</I32></MS></Obj>") + "</rsp:Stream></rsp:ReceiveResponse>");
    }

    /** The answer to a pipeline Receive: PIPELINE_STATE Completed and CommandState Done. */
    String pipelineCompleted(String relatesTo) {
        return Envelopes.response(SHELL_NS + "/ReceiveResponse", relatesTo, "<rsp:ReceiveResponse><rsp:Stream Name=\"stdout\" CommandId=\""
                + CMD_ID + "\">" + fragment(true, PsrpMessageType.PIPELINE_STATE, POOL, PID,
                "<Obj RefId=\"0\"><MS><I32 N=\"PipelineState\">4</I32></MS></Obj>") + "</rsp:Stream><rsp:CommandState CommandId=\""
                + CMD_ID + "\" State=\"" + SHELL_NS + "/CommandState/Done\"/></rsp:ReceiveResponse>");
    }

    private static byte[] concat(String a, String b) {
        byte[] x = Base64.getDecoder().decode(a);
        byte[] y = Base64.getDecoder().decode(b);
        byte[] out = java.util.Arrays.copyOf(x, x.length + y.length);
        System.arraycopy(y, 0, out, x.length, y.length);
        return out;
    }
}
