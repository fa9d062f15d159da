package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.WsmanNamespaces.SHELL;

import java.util.ArrayList;
import java.util.List;

import dev.tapdeck.protocol.xml.BoundedXmlReader;

/**
 * The small WinRS bodies around one command: {@code rsp:CommandLine}, {@code rsp:CommandResponse},
 * {@code rsp:Receive}, {@code rsp:Signal}, and the empty {@code rsp:SendResponse} and
 * {@code rsp:SignalResponse} ([MS-WSMV] 2.2.4.7, 2.2.4.8, 2.2.4.26, 2.2.4.33, 2.2.4.38, 2.2.4.39).
 * CommandId is an attribute everywhere except in CommandResponse,
 * where it is the {@code rsp:CommandId} element (protocol-notes A.5).
 */
final class CommandCollector extends BodyCollector {
    private final String kind;
    private String commandId;
    private String command;
    private final List<String> arguments = new ArrayList<>(1);
    private String desiredCommandId;
    private List<String> desiredStreams;
    private String code;

    CommandCollector(String kind) {
        this.kind = kind;
    }

    @Override
    void started(BoundedXmlReader x, int depth) {
        if (depth == 0) {
            if (!kind.equals("CommandResponse")) {
                commandId = x.attribute("CommandId");
            }
        } else if (depth == 1 && x.is(SHELL, "DesiredStream") && desiredStreams == null) {
            desiredCommandId = x.attribute("CommandId");
        }
    }

    @Override
    void ended(BoundedXmlReader x, int depth) {
        if (depth != 1 || !x.namespace().equals(SHELL)) {
            return;
        }
        switch (x.localName()) {
            case "Command" -> command = command != null ? command : x.trimmedText();
            case "Arguments" -> arguments.add(x.trimmedText()); // 0..n, one argument each, in order
            case "CommandId" -> {
                if (kind.equals("CommandResponse") && commandId == null) {
                    commandId = x.trimmedText();
                }
            }
            case "DesiredStream" -> desiredStreams = desiredStreams != null ? desiredStreams
                    : XsdValues.tokens(x.trimmedText());
            case "Code" -> code = code != null ? code : x.trimmedText();
            default -> { }
        }
    }

    @Override
    WsmanBody body() {
        switch (kind) {
            case "CommandLine":
                return new WsmanBody.CommandLine(commandId, command, arguments);
            case "CommandResponse":
                return new WsmanBody.CommandResponse(commandId);
            case "Receive":
                // [MS-PSRP] 3.1.5.3.7: no CommandId when receiving for the RunspacePool
                return new WsmanBody.Receive(desiredCommandId, desiredStreams);
            case "Signal":
                return new WsmanBody.Signal(commandId, code);
            case "SendResponse":
                return new WsmanBody.SendResponse();
            default:
                return new WsmanBody.SignalResponse();
        }
    }
}
