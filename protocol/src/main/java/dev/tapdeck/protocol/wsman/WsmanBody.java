package dev.tapdeck.protocol.wsman;

import java.util.List;

/**
 * The body of a WS-Man Shell envelope, one record per operation ([MS-WSMV] 2.2.4; protocol-notes A.6).
 * Text values are trimmed; absent values are null.
 */
public sealed interface WsmanBody {

    /**
     * {@code rsp:Shell} of a Create request ([MS-WSMV] 2.2.4.37; PSRP: [MS-PSRP] 3.1.5.3.1).
     *
     * @param shellId     the client-chosen {@code ShellId} attribute (PSRP clients send the RunspacePool id)
     * @param creationXml the PSRP {@code creationXml} element text, base64 as sent, null for other shells
     */
    record Shell(String shellId, String name, List<String> inputStreams, List<String> outputStreams,
                 String workingDirectory, String idleTimeOut, String creationXml) implements WsmanBody {
        public Shell {
            inputStreams = inputStreams == null ? List.of() : List.copyOf(inputStreams);
            outputStreams = outputStreams == null ? List.of() : List.copyOf(outputStreams);
        }
    }

    /**
     * CreateResponse: {@code x:ResourceCreated} and {@code rsp:Shell} ([MS-WSMV] 3.1.4.5).
     *
     * @param shellId     from the ResourceCreated selector, else from {@code rsp:Shell/rsp:ShellId}
     * @param resourceUri from {@code ReferenceParameters/ResourceURI}, else {@code rsp:Shell/rsp:ResourceUri}
     */
    record CreateResponse(String shellId, String resourceUri, String owner, String clientIp) implements WsmanBody {
    }

    /** {@code rsp:CommandLine} of a Command ([MS-WSMV] 2.2.4.7; PSRP: [MS-PSRP] 3.1.5.3.3). */
    record CommandLine(String commandId, String command, List<String> arguments) implements WsmanBody {
        public CommandLine {
            arguments = arguments == null ? List.of() : List.copyOf(arguments);
        }
    }

    /** {@code rsp:CommandResponse/rsp:CommandId} ([MS-WSMV] 2.2.4.8). */
    record CommandResponse(String commandId) implements WsmanBody {
    }

    /** {@code rsp:Send} ([MS-WSMV] 2.2.4.32). */
    record Send(List<ShellStream> streams) implements WsmanBody {
        public Send {
            streams = List.copyOf(streams);
        }
    }

    /** {@code rsp:SendResponse} ([MS-WSMV] 2.2.4.33); real servers always send it empty. */
    record SendResponse() implements WsmanBody {
    }

    /** {@code rsp:Receive/rsp:DesiredStream} ([MS-WSMV] 2.2.4.26). */
    record Receive(String commandId, List<String> desiredStreams) implements WsmanBody {
        public Receive {
            desiredStreams = desiredStreams == null ? List.of() : List.copyOf(desiredStreams);
        }
    }

    /** {@code rsp:ReceiveResponse} ([MS-WSMV] 2.2.4.27). */
    record ReceiveResponse(Long sequenceId, List<ShellStream> streams, List<CommandState> commandStates)
            implements WsmanBody {
        public ReceiveResponse {
            streams = List.copyOf(streams);
            commandStates = List.copyOf(commandStates);
        }
    }

    /** {@code rsp:Signal} ([MS-WSMV] 2.2.4.38). */
    record Signal(String commandId, String code) implements WsmanBody {
        public static final String TERMINATE = WsmanNamespaces.SHELL + "/signal/Terminate";
        public static final String CTRL_C = WsmanNamespaces.SHELL + "/signal/ctrl_c";
        public static final String CTRL_BREAK = WsmanNamespaces.SHELL + "/signal/ctrl_break";
        public static final String PS_CTRL_C = "powershell/signal/ctrl_c";
    }

    /** {@code rsp:SignalResponse} ([MS-WSMV] 2.2.4.39). */
    record SignalResponse() implements WsmanBody {
    }

    /** {@code s:Fault} with the optional {@code f:WSManFault} detail ([MS-WSMV] 2.2.4.43; protocol-notes A.7). */
    record Fault(String code, String subcode, String reason, String faultDetail, Long wsmanFaultCode,
                 String machine, String message) implements WsmanBody {
    }

    /** An empty {@code s:Body} (Delete, DeleteResponse and others). */
    record Empty() implements WsmanBody {
    }

    /**
     * Any other body (Connect, Disconnect, Reconnect, Enumerate, Get, config documents…): recognised
     * without failing, summarised by its first element.
     *
     * @param namespace namespace URI of the first body element
     * @param localName its local name
     * @param text      PSRP open content when present ({@code connectXml}, {@code connectResponseXml}), else null
     */
    record Other(String namespace, String localName, String text) implements WsmanBody {
    }
}
