package dev.tapdeck.samples.winrm;

import dev.tapdeck.protocol.wsman.CommandState;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanNamespaces;

import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * Writes the response envelopes of the emulated WinRM service in the shapes real Windows servers send
 * (protocol-notes A.3, A.6, A.7): the same prefixes ({@code s: a: x: w: rsp: p:}), a fresh uppercase
 * {@code uuid:} MessageID, {@code a:To} anonymous and {@code a:RelatesTo} = the request's MessageID.
 */
final class ResponseEnvelopes {
    private static final String ANONYMOUS = WsmanNamespaces.ADDRESSING + "/role/anonymous";
    private static final String WSMANFAULT = WsmanNamespaces.WSMAN_FAULT;
    private static final String EVENTING = "http://schemas.xmlsoap.org/ws/2004/08/eventing";

    // the namespace sets Windows declares on each kind of reply (test_winrs_bad_cmd_id.yml)
    private static final String[] SHELL_NAMESPACES = {
        "xmlns:s", WsmanNamespaces.SOAP, "xmlns:a", WsmanNamespaces.ADDRESSING, "xmlns:x", WsmanNamespaces.TRANSFER,
        "xmlns:w", WsmanNamespaces.WSMAN, "xmlns:rsp", WsmanNamespaces.SHELL, "xmlns:p", WsmanNamespaces.WSMV};
    private static final String[] DELETE_NAMESPACES = {
        "xmlns:s", WsmanNamespaces.SOAP, "xmlns:a", WsmanNamespaces.ADDRESSING,
        "xmlns:w", WsmanNamespaces.WSMAN, "xmlns:p", WsmanNamespaces.WSMV};
    private static final String[] FAULT_NAMESPACES = {
        "xmlns:s", WsmanNamespaces.SOAP, "xmlns:a", WsmanNamespaces.ADDRESSING, "xmlns:x", WsmanNamespaces.TRANSFER,
        "xmlns:e", EVENTING, "xmlns:n", WsmanNamespaces.ENUMERATION, "xmlns:w", WsmanNamespaces.WSMAN,
        "xmlns:p", WsmanNamespaces.WSMV};

    private final Supplier<UUID> ids;
    private final String machine;

    /**
     * @param ids     source of MessageIDs (injected so that tests and replays are deterministic)
     * @param machine the {@code Machine} attribute of {@code f:WSManFault}
     */
    ResponseEnvelopes(Supplier<UUID> ids, String machine) {
        this.ids = ids;
        this.machine = machine;
    }

    /** [MS-WSMV] 3.1.4.5: {@code x:ResourceCreated} with the ShellId selector, then the {@code rsp:Shell} summary. */
    String createResponse(String relatesTo, String address, ShellDescription shell) {
        XmlWriter w = open(SHELL_NAMESPACES, WsmanAction.CreateResponse.uri(), relatesTo);
        w.start("x:ResourceCreated").leaf("a:Address", address).start("a:ReferenceParameters")
                .leaf("w:ResourceURI", shell.resourceUri())
                .start("w:SelectorSet").leaf("w:Selector", shell.shellId(), "Name", "ShellId").end()
                .end().end();
        w.start("rsp:Shell", "xmlns:rsp", WsmanNamespaces.SHELL)
                .leaf("rsp:ShellId", shell.shellId())
                .leaf("rsp:ResourceUri", shell.resourceUri())
                .leaf("rsp:Owner", shell.owner())
                .leaf("rsp:ClientIP", shell.clientIp())
                .leaf("rsp:IdleTimeOut", shell.idleTimeOut())
                .leaf("rsp:InputStreams", shell.inputStreams())
                .leaf("rsp:OutputStreams", shell.outputStreams())
                .leaf("rsp:ShellRunTime", "P0DT0H0M0S")
                .leaf("rsp:ShellInactivity", "P0DT0H0M0S")
                .end();
        return close(w);
    }

    /** [MS-WSMV] 2.2.4.8. */
    String commandResponse(String relatesTo, String commandId) {
        XmlWriter w = open(SHELL_NAMESPACES, WsmanAction.CommandResponse.uri(), relatesTo);
        w.start("rsp:CommandResponse").leaf("rsp:CommandId", commandId).end();
        return close(w);
    }

    /** [MS-WSMV] 2.2.4.33: Windows always sends it empty. */
    String sendResponse(String relatesTo) {
        XmlWriter w = open(SHELL_NAMESPACES, WsmanAction.SendResponse.uri(), relatesTo);
        w.empty("rsp:SendResponse");
        return close(w);
    }

    /**
     * [MS-WSMV] 2.2.4.27 and 2.2.4.9. Data chunks come first, in the order written; when the command is done,
     * one empty {@code End="true"} stream per desired stream follows and the CommandState carries the ExitCode,
     * exactly as in test_winrs_stderr_rc.yml.
     */
    String receiveResponse(String relatesTo, String commandId, List<StreamChunk> chunks, List<String> desiredStreams,
                           boolean done, long exitCode) {
        XmlWriter w = open(SHELL_NAMESPACES, WsmanAction.ReceiveResponse.uri(), relatesTo);
        w.start("rsp:ReceiveResponse");
        Base64.Encoder base64 = Base64.getEncoder();
        for (StreamChunk chunk : chunks) {
            w.leaf("rsp:Stream", base64.encodeToString(chunk.data()), "Name", chunk.stream(), "CommandId", commandId);
        }
        if (done) {
            for (String stream : desiredStreams) {
                w.leaf("rsp:Stream", "", "Name", stream, "CommandId", commandId, "End", "true");
            }
            w.start("rsp:CommandState", "CommandId", commandId, "State", CommandState.DONE)
                    .leaf("rsp:ExitCode", Long.toString(exitCode)).end();
        } else {
            w.leaf("rsp:CommandState", "", "CommandId", commandId, "State", CommandState.RUNNING);
        }
        w.end();
        return close(w);
    }

    /**
     * [MS-PSRP] 3.2.5.3.8: PSRP fragments on {@code stdout}, one fragment per stream as Windows sends them
     * (test_psrp_with_input.yml); for a pipeline ({@code commandId} set) a CommandState follows, Done with
     * ExitCode 0 once its last message went out, Running before. A RunspacePool Receive has no CommandState.
     */
    String psrpReceiveResponse(String relatesTo, String commandId, List<byte[]> fragments, boolean done) {
        XmlWriter w = open(SHELL_NAMESPACES, WsmanAction.ReceiveResponse.uri(), relatesTo);
        w.start("rsp:ReceiveResponse");
        Base64.Encoder base64 = Base64.getEncoder();
        for (byte[] fragment : fragments) {
            w.leaf("rsp:Stream", base64.encodeToString(fragment), "Name", "stdout", "CommandId", commandId);
        }
        if (commandId != null && done) {
            w.start("rsp:CommandState", "CommandId", commandId, "State", CommandState.DONE).leaf("rsp:ExitCode", "0").end();
        } else if (commandId != null) {
            w.leaf("rsp:CommandState", "", "CommandId", commandId, "State", CommandState.RUNNING);
        }
        w.end();
        return close(w);
    }

    /** [MS-WSMV] 2.2.4.39: empty. */
    String signalResponse(String relatesTo) {
        XmlWriter w = open(SHELL_NAMESPACES, WsmanAction.SignalResponse.uri(), relatesTo);
        w.empty("rsp:SignalResponse");
        return close(w);
    }

    /** Windows sends {@code <s:Body></s:Body>} (test_winrs_bad_cmd_id.yml). */
    String deleteResponse(String relatesTo) {
        XmlWriter w = open(DELETE_NAMESPACES, WsmanAction.DeleteResponse.uri(), relatesTo);
        return close(w);
    }

    /** [MS-WSMV] 2.2.4.43; {@code relatesTo} is null when the request could not be read. */
    String fault(String relatesTo, WsmanFault fault) {
        FaultKind kind = fault.kind();
        XmlWriter w = open(FAULT_NAMESPACES, kind.action(), relatesTo);
        w.start("s:Fault")
                .start("s:Code").leaf("s:Value", kind.code())
                .start("s:Subcode").leaf("s:Value", kind.subcode()).end().end()
                .start("s:Reason").leaf("s:Text", kind.reason(), "xml:lang", "en-US").end()
                .start("s:Detail");
        if (kind.faultDetail() != null) {
            w.leaf("w:FaultDetail", kind.faultDetail());
        }
        w.start("f:WSManFault", "xmlns:f", WSMANFAULT, "Code", Long.toString(kind.wsmanFaultCode()), "Machine", machine)
                .leaf("f:Message", fault.message())
                .end().end().end();
        return close(w);
    }

    private XmlWriter open(String[] namespaces, String action, String relatesTo) {
        String[] attributes = new String[namespaces.length + 2];
        attributes[0] = "xml:lang";
        attributes[1] = "en-US";
        System.arraycopy(namespaces, 0, attributes, 2, namespaces.length);
        XmlWriter w = new XmlWriter().start("s:Envelope", attributes).start("s:Header")
                .leaf("a:Action", action)
                .leaf("a:MessageID", "uuid:" + guid(ids.get()))
                .leaf("a:To", ANONYMOUS);
        if (relatesTo != null) {
            w.leaf("a:RelatesTo", relatesTo);
        }
        return w.end().start("s:Body");
    }

    /** A GUID the way Windows writes ShellIds, CommandIds and MessageIDs: uppercase. */
    static String guid(UUID id) {
        return id.toString().toUpperCase(Locale.ROOT);
    }

    private static String close(XmlWriter w) {
        return w.end().end().toXml();
    }

    /** What a CreateResponse tells about the new shell ([MS-WSMV] 2.2.4.37). */
    record ShellDescription(String shellId, String resourceUri, String owner, String clientIp, String idleTimeOut,
                            String inputStreams, String outputStreams) {
    }
}
