package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.WsmanNamespaces.SHELL;

import java.util.ArrayList;
import java.util.List;

import dev.tapdeck.protocol.xml.BoundedXmlReader;
import dev.tapdeck.protocol.xml.XmlRejected;

/**
 * The bodies that carry stream data: {@code rsp:Send} ([MS-WSMV] 2.2.4.32) and {@code rsp:ReceiveResponse}
 * ([MS-WSMV] 2.2.4.27) with their {@code rsp:Stream} elements (2.2.4.40) and, in a ReceiveResponse, the
 * {@code rsp:CommandState} (2.2.4.9). Stream content is base64-decoded; invalid base64 leaves the stream
 * with null data and a problem, and the rest of the envelope is still read.
 */
final class StreamCollector extends BodyCollector {
    private final String kind;
    private final List<DecodeProblem> problems;
    private Long sequenceId;
    private final List<ShellStream> streams = new ArrayList<>(2);
    private final List<CommandState> commandStates = new ArrayList<>(1);
    private String streamName;
    private String streamCommandId;
    private boolean streamEnd;
    private String stateCommandId;
    private String state;
    private Long exitCode;

    StreamCollector(String kind, List<DecodeProblem> problems) {
        this.kind = kind;
        this.problems = problems;
    }

    @Override
    void started(BoundedXmlReader x, int depth) {
        if (depth == 0) {
            if (kind.equals("ReceiveResponse")) {
                sequenceId = number("rsp:ReceiveResponse SequenceID", x.attribute("SequenceID"));
            }
        } else if (depth == 1 && x.is(SHELL, "Stream")) {
            streamName = x.attribute("Name");
            streamCommandId = x.attribute("CommandId");
            streamEnd = end(x.attribute("End"));
        } else if (depth == 1 && x.is(SHELL, "CommandState")) {
            stateCommandId = x.attribute("CommandId");
            state = x.attribute("State");
            exitCode = null;
        }
    }

    @Override
    void ended(BoundedXmlReader x, int depth) {
        if (depth == 1 && x.is(SHELL, "Stream")) {
            streamEnded(x.trimmedText());
        } else if (depth == 1 && x.is(SHELL, "CommandState")) {
            commandStates.add(new CommandState(stateCommandId, state, exitCode));
        } else if (depth == 2 && x.is(SHELL, "ExitCode") && x.ancestorIs(1, SHELL, "CommandState")) {
            exitCode = number("rsp:ExitCode", x.trimmedText());
        }
    }

    private void streamEnded(String text) {
        // an empty Stream is legal: "dummy" Sends and End markers carry no data (protocol-notes A.6)
        byte[] data = text.isEmpty() ? new byte[0] : XsdValues.decodeBase64(text);
        if (data == null) {
            problems.add(new DecodeProblem(DecodeProblem.Kind.INVALID_BASE64, "rsp:Stream " + XmlRejected.quote(streamName)
                    + (streamCommandId == null ? "" : " of CommandId " + XmlRejected.quote(streamCommandId))
                    + " is not valid base64 (" + text.length() + " characters)"));
        }
        streams.add(new ShellStream(streamName, streamCommandId, streamEnd, data, text.length()));
    }

    // [MS-WSMV] 2.2.4.40: End is an xs:boolean; real clients write true, True and False (protocol-notes A.6)
    private boolean end(String value) {
        if (value == null) {
            return false;
        }
        Boolean b = XsdValues.parseBoolean(value);
        if (b == null) {
            problems.add(XsdValues.invalid("rsp:Stream End", value, "an xs:boolean"));
            return false;
        }
        return b;
    }

    private Long number(String what, String value) {
        if (value == null) {
            return null;
        }
        Long n = XsdValues.parseLong(value);
        if (n == null) {
            problems.add(XsdValues.invalid(what, value, "an integer"));
        }
        return n;
    }

    @Override
    WsmanBody body() {
        if (kind.equals("Send")) {
            return new WsmanBody.Send(streams);
        }
        return new WsmanBody.ReceiveResponse(sequenceId, streams, commandStates);
    }
}
