package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.Destination;
import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageCodec;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.rules.Policy;

import java.util.Base64;
import java.util.List;
import java.util.UUID;

/**
 * Writes PSRP conversations for rule and audit tests: real fragments and messages built with the
 * codecs' encoders ({@link Fragmenter}, {@link PsrpMessageCodec}), wrapped in the WS-Man envelopes that
 * carry them, driven through a {@link WsmanTap} as the proxy drives it ("client sends X, expect Y").
 */
final class PsrpConversation {
    static final String SHELL = "8476A866-BDDE-4616-A461-550AC92B1C20";
    static final UUID POOL = UUID.fromString(SHELL);
    static final UUID ZERO = new UUID(0, 0);
    static final String CMD_ID = "13E829FC-384D-41C8-88BF-933C03FC2C53";
    static final UUID PID = UUID.fromString(CMD_ID);
    static final String CMD_ID_2 = "5364FDCD-7BDF-4606-B5BE-B732BBE3FC96";
    static final UUID PID_2 = UUID.fromString(CMD_ID_2);
    static final String SHELL_NS = "http://schemas.microsoft.com/wbem/wsman/1/windows/shell";
    static final String SEND_RESPONSE = SHELL_NS + "/SendResponse";
    static final String RECEIVE_RESPONSE = SHELL_NS + "/ReceiveResponse";

    static final String SESSION_CAPABILITY = "<Obj RefId=\"0\"><MS><Version N=\"protocolversion\">2.3</Version>"
            + "<Version N=\"PSVersion\">2.0</Version><Version N=\"SerializationVersion\">1.1.0.1</Version></MS></Obj>";
    static final String INIT_RUNSPACEPOOL = "<Obj RefId=\"0\"><MS><I32 N=\"MinRunspaces\">1</I32><I32 N=\"MaxRunspaces\">1</I32></MS></Obj>";
    static final String INPUT = "<S>line of input</S>";

    /** A stream of a Send or ReceiveResponse. */
    record Stream(String name, String commandId, byte[] data) {
    }

    final Conversation c;
    private long clientObjectId;
    private long serverObjectId;

    PsrpConversation(Policy policy, AuditOptions audit) {
        c = new Conversation(policy, audit);
    }

    PsrpConversation(Policy policy) {
        this(policy, AuditOptions.DEFAULT);
    }

    PsrpConversation() {
        this(Policy.OBSERVE);
    }

    // ---- PSRP data ---------------------------------------------------------------------------------

    static String state(String property, int value) {
        return "<Obj RefId=\"0\"><MS><I32 N=\"" + property + "\">" + value + "</I32></MS></Obj>";
    }

    /** A CREATE_PIPELINE running one command with named arguments given as name, value pairs. */
    static String pipeline(String command, String... namedArgs) {
        StringBuilder args = new StringBuilder();
        for (int i = 0; i < namedArgs.length; i += 2) {
            args.append("<Obj RefId=\"").append(10 + i).append("\"><MS><S N=\"N\">").append(namedArgs[i])
                    .append("</S><S N=\"V\">").append(namedArgs[i + 1]).append("</S></MS></Obj>");
        }
        return "<Obj RefId=\"0\"><MS><B N=\"NoInput\">false</B><Obj N=\"PowerShell\" RefId=\"1\"><MS><Nil N=\"ExtraCmds\" />"
                + "<Obj N=\"Cmds\" RefId=\"2\"><LST><Obj RefId=\"3\"><MS><S N=\"Cmd\">" + command + "</S><B N=\"IsScript\">false</B>"
                + "<Obj N=\"Args\" RefId=\"4\"><LST>" + args + "</LST></Obj></MS></Obj></LST></Obj></MS></Obj></MS></Obj>";
    }

    static byte[] encode(Destination destination, PsrpMessageType type, UUID rpid, UUID pid, String data) {
        return PsrpMessageCodec.encode(PsrpMessage.of(destination, type, rpid, pid, data, destination == Destination.CLIENT));
    }

    /** A client message as one fragment, with the next client ObjectId. */
    byte[] client(PsrpMessageType type, UUID pid, String data) {
        return Fragmenter.encode(clientFragments(type, POOL, pid, data, Fragment.MAX_BLOB_LENGTH));
    }

    List<Fragment> clientFragments(PsrpMessageType type, UUID rpid, UUID pid, String data, int maxBlob) {
        return new Fragmenter(maxBlob).fragment(++clientObjectId, encode(Destination.SERVER, type, rpid, pid, data));
    }

    /** A server message as one fragment, with the next server ObjectId (and the BOM Windows sends). */
    byte[] server(PsrpMessageType type, UUID rpid, UUID pid, String data) {
        return Fragmenter.encode(new Fragmenter().fragment(++serverObjectId, encode(Destination.CLIENT, type, rpid, pid, data)));
    }

    static byte[] concat(byte[]... parts) {
        int n = 0;
        for (byte[] p : parts) {
            n += p.length;
        }
        byte[] out = new byte[n];
        int at = 0;
        for (byte[] p : parts) {
            System.arraycopy(p, 0, out, at, p.length);
            at += p.length;
        }
        return out;
    }

    static String b64(byte[] data) {
        return Base64.getEncoder().encodeToString(data);
    }

    // ---- envelopes ---------------------------------------------------------------------------------

    String create(String creationXmlText) {
        return c.req("http://schemas.xmlsoap.org/ws/2004/09/transfer/Create", Conversation.PWSH, null,
                "<rsp:Shell ShellId=\"" + SHELL + "\"><rsp:InputStreams>stdin pr</rsp:InputStreams><rsp:OutputStreams>stdout"
                        + "</rsp:OutputStreams>" + (creationXmlText == null ? "" : "<creationXml xmlns=\"http://schemas.microsoft.com/powershell\">"
                        + creationXmlText + "</creationXml>") + "</rsp:Shell>");
    }

    static String createResponse(String shellId) {
        return "<x:ResourceCreated xmlns:x=\"http://schemas.xmlsoap.org/ws/2004/09/transfer\"><a:ReferenceParameters>"
                + "<w:ResourceURI>" + Conversation.PWSH + "</w:ResourceURI><w:SelectorSet><w:Selector Name=\"ShellId\">" + shellId
                + "</w:Selector></w:SelectorSet></a:ReferenceParameters></x:ResourceCreated>";
    }

    String command(String commandId, String commandText, String argumentsText) {
        return c.req(SHELL_NS + "/Command", Conversation.PWSH, SHELL, "<rsp:CommandLine CommandId=\"" + commandId + "\"><rsp:Command>"
                + (commandText == null ? "" : commandText) + "</rsp:Command><rsp:Arguments>" + argumentsText + "</rsp:Arguments></rsp:CommandLine>");
    }

    String send(Stream... streams) {
        return c.req(SHELL_NS + "/Send", Conversation.PWSH, SHELL, "<rsp:Send>" + streams(streams) + "</rsp:Send>");
    }

    String receive(String commandId, String desired) {
        return c.req(SHELL_NS + "/Receive", Conversation.PWSH, SHELL, "<rsp:Receive><rsp:DesiredStream"
                + (commandId == null ? "" : " CommandId=\"" + commandId + "\"") + ">" + desired + "</rsp:DesiredStream></rsp:Receive>");
    }

    static String receiveResponse(String doneCommandId, Stream... streams) {
        return "<rsp:ReceiveResponse>" + streams(streams) + (doneCommandId == null ? "" : "<rsp:CommandState CommandId=\""
                + doneCommandId + "\" State=\"" + SHELL_NS + "/CommandState/Done\"/>") + "</rsp:ReceiveResponse>";
    }

    String signal(String commandId, String code) {
        return c.req(SHELL_NS + "/Signal", Conversation.PWSH, SHELL, "<rsp:Signal CommandId=\"" + commandId + "\"><rsp:Code>" + code
                + "</rsp:Code></rsp:Signal>");
    }

    String delete() {
        return c.req("http://schemas.xmlsoap.org/ws/2004/09/transfer/Delete", Conversation.PWSH, SHELL, "");
    }

    private static String streams(Stream... streams) {
        StringBuilder sb = new StringBuilder();
        for (Stream s : streams) {
            sb.append("<rsp:Stream Name=\"").append(s.name()).append('"')
                    .append(s.commandId() == null ? "" : " CommandId=\"" + s.commandId() + "\"").append('>')
                    .append(b64(s.data())).append("</rsp:Stream>");
        }
        return sb.toString();
    }

    // ---- steps -------------------------------------------------------------------------------------

    /** Create with SESSION_CAPABILITY and INIT_RUNSPACEPOOL, then the server's answers up to Opened. */
    void openPool() {
        createPool();
        receivePool(server(PsrpMessageType.SESSION_CAPABILITY, ZERO, ZERO, SESSION_CAPABILITY),
                server(PsrpMessageType.RUNSPACEPOOL_STATE, POOL, ZERO, state("RunspaceState", 2)));
    }

    void createPool() {
        c.exchange(create(b64(concat(client(PsrpMessageType.SESSION_CAPABILITY, ZERO, SESSION_CAPABILITY),
                client(PsrpMessageType.INIT_RUNSPACEPOOL, ZERO, INIT_RUNSPACEPOOL)))), createResponse(SHELL),
                "http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse");
    }

    /** A pool Receive answered with these server payloads (one stream each). */
    TapResult receivePool(byte[]... payloads) {
        Stream[] streams = new Stream[payloads.length];
        for (int i = 0; i < payloads.length; i++) {
            streams[i] = new Stream("stdout", null, payloads[i]);
        }
        return c.exchange(receive(null, "stdout"), receiveResponse(null, streams), RECEIVE_RESPONSE);
    }

    /** A pipeline Receive answered with these server payloads, and CommandState Done when asked. */
    TapResult receivePipeline(String commandId, boolean done, byte[]... payloads) {
        Stream[] streams = new Stream[payloads.length];
        for (int i = 0; i < payloads.length; i++) {
            streams[i] = new Stream("stdout", commandId, payloads[i]);
        }
        return c.exchange(receive(commandId, "stdout"), receiveResponse(done ? commandId : null, streams), RECEIVE_RESPONSE);
    }

    /** A Command carrying a CREATE_PIPELINE, answered with {@code returnedCommandId}. */
    void startPipeline(String proposedCommandId, UUID pid, String data, String returnedCommandId) {
        c.exchange(command(proposedCommandId, null, b64(client(PsrpMessageType.CREATE_PIPELINE, pid, data))),
                "<rsp:CommandResponse><rsp:CommandId>" + returnedCommandId + "</rsp:CommandId></rsp:CommandResponse>",
                SHELL_NS + "/CommandResponse");
    }

    /** A Send answered with SendResponse; returns the request's result. */
    TapResult sendAnswered(Stream... streams) {
        return c.exchange(send(streams), "<rsp:SendResponse/>", SEND_RESPONSE);
    }

    /** A pool opened, and a pipeline started with this CREATE_PIPELINE Data under {@link #CMD_ID}. */
    static PsrpConversation openWithPipeline(String pipelineData) {
        PsrpConversation p = new PsrpConversation();
        p.openPool();
        p.startPipeline(CMD_ID, PID, pipelineData, CMD_ID);
        return p;
    }

    /** The PSRP rule ids raised so far, without the RPID_ZERO notice every opened pool raises. */
    List<String> psrpRules() {
        return c.ruleIds().stream().filter(id -> id.startsWith("PsrpRule.") && !id.equals("PsrpRule.RPID_ZERO")).toList();
    }

    /** The request's MessageID, for responses written by hand. */
    static String id(TapResult request) {
        return request.envelope().header().messageId();
    }
}
