package dev.tapdeck.protocol.session;

import static dev.tapdeck.protocol.psrp.PsrpMessageType.CONNECT_RUNSPACEPOOL;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.CREATE_PIPELINE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.END_OF_PIPELINE_INPUT;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.GET_AVAILABLE_RUNSPACES;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.GET_COMMAND_METADATA;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.INIT_RUNSPACEPOOL;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_HOST_RESPONSE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PIPELINE_INPUT;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.PUBLIC_KEY;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.RESET_RUNSPACE_STATE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.RUNSPACEPOOL_HOST_RESPONSE;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.SESSION_CAPABILITY;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.SET_MAX_RUNSPACES;
import static dev.tapdeck.protocol.psrp.PsrpMessageType.SET_MIN_RUNSPACES;

import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.psrp.PsrpTarget;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.RunspacePool.State;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanBody;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * The PSRP rules a client request is checked against before it is forwarded (protocol-notes E, R1 to R6,
 * R10, R12, R13): which WS-Man carrier may hold which message, how a Send targets a RunspacePool or a
 * pipeline, one outstanding Send per target, Receive and Signal bodies, and the RunspacePool state.
 * Every rule checked here can be enforced: a request that breaks it can be answered with a fault.
 */
final class PsrpRequestRules {
    /** [MS-PSRP] 3.1.5.3.5, verbatim. */
    static final Set<PsrpMessageType> SEND_ALLOWED = EnumSet.of(SESSION_CAPABILITY, INIT_RUNSPACEPOOL, PUBLIC_KEY,
            SET_MAX_RUNSPACES, SET_MIN_RUNSPACES, CREATE_PIPELINE, GET_AVAILABLE_RUNSPACES, RUNSPACEPOOL_HOST_RESPONSE,
            PIPELINE_INPUT, END_OF_PIPELINE_INPUT, PIPELINE_HOST_RESPONSE);
    /** [MS-PSRP] 3.1.5.4.3, .6, .7, .10, .11, .14: sent only while the RunspacePool is Opened. */
    private static final Set<PsrpMessageType> NEED_OPENED = EnumSet.of(PUBLIC_KEY, SET_MAX_RUNSPACES, SET_MIN_RUNSPACES,
            CREATE_PIPELINE, GET_AVAILABLE_RUNSPACES, GET_COMMAND_METADATA, RESET_RUNSPACE_STATE);
    private static final String PS_CRTL_C = "powershell/signal/crtl_c";

    private PsrpRequestRules() {
    }

    /** Rules on the WS-Man body itself (Command, Send, Receive, Signal). */
    static void body(RunspacePool pool, PsrpRequest r, List<Violation> out) {
        String subject = "shell " + pool.shellId;
        WsmanBody body = r.envelope.body();
        if (body instanceof WsmanBody.CommandLine c && c.command() != null && !c.command().isEmpty()) {
            // [MS-PSRP] 3.1.5.3.3: Command MUST be empty
            out.add(new Violation(PsrpRule.COMMAND_NOT_EMPTY, subject, "rsp:Command is '" + c.command() + "'"));
        } else if (body instanceof WsmanBody.Send send) {
            for (ShellStream s : send.streams()) {
                if (!"stdin".equals(s.name()) && !"pr".equals(s.name())) {
                    // [MS-PSRP] 3.1.5.3.5: the Name attribute MUST be stdin or pr
                    out.add(new Violation(PsrpRule.SEND_STREAM_NAME_INVALID, subject, "stream '" + s.name() + "'"));
                }
                String target = RunspacePool.target(s.commandId());
                if (r.sendTargets.add(target) && pool.outstanding(target) > 0) {
                    // [MS-PSRP] 3.1.5.3.5: only one outstanding Send per RunspacePool or pipeline
                    out.add(new Violation(PsrpRule.SEND_OUTSTANDING, subject + " " + RunspacePool.describeTarget(target),
                            pool.outstanding(target) + " Send(s) to it still wait for SendResponse or Fault"));
                }
            }
        } else if (body instanceof WsmanBody.Receive receive) {
            if (!receive.desiredStreams().equals(List.of("stdout"))) {
                // [MS-PSRP] 3.1.5.3.7: DesiredStream MUST contain a value of "stdout"
                out.add(new Violation(PsrpRule.RECEIVE_STREAM_NOT_STDOUT, subject, "DesiredStream " + receive.desiredStreams()));
            }
            if (receive.commandId() != null && pool.stateKnown && pool.pipeline(receive.commandId()) == null) {
                // [MS-PSRP] 3.1.5.3.7: the CommandId is the one returned in a CommandResponse
                out.add(new Violation(PsrpRule.RECEIVE_UNKNOWN_PIPELINE, subject + " command " + receive.commandId(),
                        "no CommandResponse with this CommandId was seen"));
            }
        } else if (body instanceof WsmanBody.Signal signal && signal.code() != null) {
            signal(subject, signal, out);
        }
    }

    private static void signal(String subject, WsmanBody.Signal signal, List<Violation> out) {
        String code = signal.code().trim();
        if (code.equalsIgnoreCase(WsmanBody.Signal.TERMINATE)) {
            // [MS-PSRP] 3.1.5.3.9 names only crtl_c; pypsrp stops pipelines with the WinRS Terminate ([MS-WSMV] 2.2.4.38)
            out.add(new Violation(PsrpRule.SIGNAL_TERMINATE, subject + " command " + signal.commandId(), code));
        } else if (!code.equalsIgnoreCase(WsmanBody.Signal.PS_CTRL_C) && !code.equalsIgnoreCase(PS_CRTL_C)) {
            // [MS-PSRP] 3.1.5.3.9: Code MUST be "powershell/signal/crtl_c" (real clients spell it ctrl_c)
            out.add(new Violation(PsrpRule.SIGNAL_CODE_INVALID, subject + " command " + signal.commandId(), code));
        }
    }

    /** Rules on one fragment of a client carrier, with the header of the message it belongs to. */
    static void fragment(RunspacePool pool, PsrpRequest r, PsrpPayloads.Payload p, Fragment f, boolean start,
                         MessageHead head, List<Violation> out) {
        if (head == null) {
            return; // fewer than 8 bytes of the message seen: nothing tells what it is
        }
        PsrpMessageType type = head.type();
        String subject = "shell " + pool.shellId + " ObjectId " + Long.toUnsignedString(f.objectId()) + " " + head.typeName();
        switch (p.carrier()) {
            case CREATION_XML -> {
                if (start && type != SESSION_CAPABILITY && type != INIT_RUNSPACEPOOL) {
                    // [MS-PSRP] 3.1.5.3.1: MUST NOT send any other PSRP messages using a wxf:Create message
                    out.add(new Violation(PsrpRule.CREATION_XML_MESSAGE_NOT_ALLOWED, subject, "sent in creationXml"));
                }
            }
            case ARGUMENTS -> {
                if (!start || type != CREATE_PIPELINE && type != GET_COMMAND_METADATA) {
                    // [MS-PSRP] 3.1.5.3.3: Arguments hold the first fragment of CREATE_PIPELINE or GET_COMMAND_METADATA
                    out.add(new Violation(PsrpRule.COMMAND_MESSAGE_NOT_ALLOWED, subject, start ? "sent in Command Arguments"
                            : "continuation fragment " + Long.toUnsignedString(f.fragmentId()) + " in Command Arguments"));
                }
            }
            case CONNECT_XML -> {
                if (start && type != SESSION_CAPABILITY && type != CONNECT_RUNSPACEPOOL) {
                    // [MS-PSRP] 3.1.5.3.14: MUST NOT send any other message data using a wxf:Connect message
                    out.add(new Violation(PsrpRule.CONNECT_MESSAGE_NOT_ALLOWED, subject, "sent in connectXml"));
                }
            }
            case SEND -> send(pool, p, start, head, subject, out);
            default -> {
            }
        }
        if (start) {
            firstAndState(pool, r, p, type, subject, out);
        }
    }

    private static void send(RunspacePool pool, PsrpPayloads.Payload p, boolean start, MessageHead head, String subject,
                             List<Violation> out) {
        PsrpMessageType type = head.type();
        if (start && type == RESET_RUNSPACE_STATE) {
            // [MS-PSRP] 3.1.5.4.31 wants it sent to the RunspacePool; 3.1.5.3.5 omits it; Windows accepts it
            out.add(new Violation(PsrpRule.RESET_RUNSPACE_STATE_IN_SEND, subject, "sent in a Send"));
        } else if (start && !SEND_ALLOWED.contains(type)) {
            // [MS-PSRP] 3.1.5.3.5: only the listed PSRP messages are allowed in a wxf:Send
            out.add(new Violation(PsrpRule.SEND_MESSAGE_NOT_ALLOWED, subject, "sent in a Send"));
        }
        if (start && PsrpSummaries.isHostResponse(type) && !"pr".equals(p.stream())) {
            // [MS-PSRP] 3.1.5.1.1: host response fragments SHOULD be sent using a "pr" stream
            out.add(new Violation(PsrpRule.HOST_RESPONSE_NOT_ON_PR, subject, "sent on stream '" + p.stream() + "'"));
        }
        boolean pipelineBody = !start && (type == CREATE_PIPELINE || type == GET_COMMAND_METADATA);
        boolean pipelineTarget = pipelineBody || type != null && type.target() == PsrpTarget.PIPELINE;
        if (p.commandId() == null && type == PIPELINE_HOST_RESPONSE) {
            // [MS-PSRP] 3.1.5.3.5 targets pipeline input by CommandId; real clients send host responses to the pool
            out.add(new Violation(PsrpRule.PIPELINE_HOST_RESPONSE_TO_RUNSPACEPOOL, subject, "stream '" + p.stream()
                    + "' without CommandId"));
        } else if (p.commandId() == null && pipelineTarget) {
            // [MS-PSRP] 3.1.5.3.5: a Send targeted to a pipeline MUST contain the CommandId attribute;
            // 3.1.5.3.3: the remaining fragments of a pipeline MUST be sent to the command
            out.add(new Violation(PsrpRule.SEND_PIPELINE_COMMANDID_MISSING, subject, "stream '" + p.stream()
                    + "' without CommandId"));
        } else if (p.commandId() != null && start && type != null && type.target() == PsrpTarget.RUNSPACEPOOL) {
            // [MS-PSRP] 3.1.5.3.5: CommandId MUST NOT be specified if the Send is targeted to a RunspacePool
            out.add(new Violation(PsrpRule.SEND_RUNSPACEPOOL_COMMANDID_PRESENT, subject, "CommandId " + p.commandId()));
        }
        PsrpPipeline pipeline = pool.pipeline(p.commandId());
        if (pipelineTarget && pipeline != null && pipeline.pid != null && head.pid() != null && !pipeline.hasPid(head.pid())) {
            // [MS-PSRP] 3.1.1.1.2: the CommandId maps to one pipeline; its messages carry that pipeline's PID
            out.add(new Violation(PsrpRule.PID_NOT_COMMAND, subject, "PID " + pool.guid(head.pid()) + " but CommandId "
                    + p.commandId() + " is pipeline " + pool.guid(pipeline.pid)));
        }
    }

    private static void firstAndState(RunspacePool pool, PsrpRequest r, PsrpPayloads.Payload p, PsrpMessageType type,
                                      String subject, List<Violation> out) {
        boolean first = !pool.clientSpoke && r.decoded.isEmpty() && !r.startSeen;
        r.startSeen = true;
        if (first && pool.stateKnown && p.carrier() != PsrpCarrier.CONNECT_XML && type != SESSION_CAPABILITY) {
            // [MS-PSRP] 3.1.5.4.1.1: SESSION_CAPABILITY MUST be the first message sent to the server
            out.add(new Violation(PsrpRule.SESSION_CAPABILITY_NOT_FIRST, subject, "is the first message of the RunspacePool"));
        }
        if (!pool.stateKnown || p.carrier() == PsrpCarrier.CONNECT_XML) {
            return;
        }
        if (pool.state == State.Closed || pool.state == State.Broken) {
            // [MS-PSRP] 3.1.5.1: MUST NOT send any messages to a Closed or Broken RunspacePool except wxf:Delete
            out.add(new Violation(PsrpRule.RUNSPACEPOOL_CLOSED, subject, "the RunspacePool is " + pool.state));
        } else if (NEED_OPENED.contains(type) && pool.state != State.Opened
                || type == RUNSPACEPOOL_HOST_RESPONSE && pool.state != State.Opened && pool.state != State.NegotiationSucceeded) {
            // [MS-PSRP] 3.1.5.4.x: "The RunspacePool MUST be in Opened state when this message is sent"
            out.add(new Violation(PsrpRule.RUNSPACEPOOL_NOT_OPENED, subject, "sent while the RunspacePool is " + pool.state));
        }
    }
}
