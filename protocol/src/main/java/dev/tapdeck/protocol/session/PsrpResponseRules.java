package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.DotNetGuid;
import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.Destination;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.psrp.PsrpTarget;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

/**
 * The PSRP rules checked on what the server sends (protocol-notes E, R11, W1 to W3) and on identities of
 * either side: stream names and targets of a ReceiveResponse, RPID against the ShellId (both GUID byte
 * orders accepted), the all-zero RPID Windows uses, a server-chosen CommandId, the w:TimedOut keep-alive.
 * A response is never blocked; these are reported.
 */
final class PsrpResponseRules {
    private PsrpResponseRules() {
    }

    /** Rules on the response envelope as a whole. */
    static void envelope(RunspacePool pool, WsmanEnvelope request, WsmanEnvelope response, List<Violation> out) {
        String subject = "shell " + pool.shellId;
        if (response.action() == WsmanAction.ReceiveResponse && request.action() != WsmanAction.Receive) {
            // [MS-PSRP] 3.2.5.3.8: the server MUST NOT send a wxf:ReceiveResponse without a wxf:Receive
            out.add(new Violation(PsrpRule.RECEIVE_RESPONSE_UNSOLICITED, subject, "answers a " + request.action()));
        }
        if (request.action() == WsmanAction.Receive && response.body() instanceof WsmanBody.Fault f
                && f.subcode() != null && f.subcode().endsWith("TimedOut")) {
            // [MS-WSMV] 3.1.4.14: no output before OperationTimeout; the client SHOULD issue another Receive
            out.add(new Violation(PsrpRule.RECEIVE_TIMED_OUT, subject, f.subcode() + " (code " + f.wsmanFaultCode() + ")"));
        }
    }

    /** Rules on one fragment of a ReceiveResponse stream. */
    static void fragment(RunspacePool pool, PsrpPayloads.Payload p, Fragment f, boolean start, MessageHead head,
                         List<Violation> out) {
        if (!start || head == null || head.type() == null || p.carrier() != PsrpCarrier.RECEIVE_RESPONSE) {
            return;
        }
        PsrpMessageType type = head.type();
        String subject = "shell " + pool.shellId + " ObjectId " + Long.toUnsignedString(f.objectId()) + " " + type.name();
        // [MS-PSRP] 3.1.5.3.8: a stream with CommandId is targeted to that pipeline, one without to the RunspacePool;
        // [MS-PSRP] 2.2.1 gives each MessageType its target
        if (type.target() == PsrpTarget.PIPELINE && p.commandId() == null) {
            out.add(new Violation(PsrpRule.RECEIVE_TARGET_MISMATCH, subject, "a pipeline message on a stream without CommandId"));
        } else if (type.target() == PsrpTarget.RUNSPACEPOOL && p.commandId() != null) {
            out.add(new Violation(PsrpRule.RECEIVE_TARGET_MISMATCH, subject, "a RunspacePool message on the stream of command "
                    + p.commandId()));
        }
        PsrpPipeline pipeline = pool.pipeline(p.commandId());
        if (type.target() != PsrpTarget.RUNSPACEPOOL && pipeline != null && pipeline.pid != null && head.pid() != null
                && !head.pidIsZero() && !pipeline.hasPid(head.pid())) {
            // [MS-PSRP] 3.1.1.1.2: the CommandId maps to one pipeline; its messages carry that pipeline's PID
            out.add(new Violation(PsrpRule.PID_NOT_COMMAND, subject, "PID " + pool.guid(head.pid()) + " on the stream of command "
                    + p.commandId() + ", pipeline " + pool.guid(pipeline.pid)));
        }
    }

    /**
     * W1: the RPID of a message names its RunspacePool, i.e. equals the ShellId in .NET or (old clients)
     * RFC 4122 byte order. Changes nothing: {@link #adoptRpid} records an RPID once its message went on,
     * so each value is reported once per pool.
     */
    static void rpid(RunspacePool pool, PsrpMessage m, List<Violation> out) {
        byte[] raw = m.rpidBytes();
        if (pool.rpidAccepted(raw)) {
            return;
        }
        String subject = "shell " + pool.shellId + " " + m.typeName();
        if (zeroFromServer(m)) {
            // [MS-PSRP] 2.2.1 gives every message its RPID; Windows zeroes it on SESSION_CAPABILITY and
            // ENCRYPTED_SESSION_KEY (corpus: 53 of 53, 2 of 2)
            out.add(new Violation(PsrpRule.RPID_ZERO, subject, "all-zero RPID from the server"));
            return;
        }
        UUID shell = pool.shellGuid();
        if (shell != null && DotNetGuid.layoutOf(raw, shell) != null) {
            return;
        }
        UUID proposed = RunspacePool.guidOrNull(pool.proposedShellId);
        boolean asProposed = proposed != null && !proposed.equals(shell) && DotNetGuid.layoutOf(raw, proposed) != null;
        // [MS-PSRP] 2.2.1: RPID is the RunspacePool's GUID, which the client chose as ShellId (3.1.5.3.1)
        out.add(new Violation(PsrpRule.RPID_NOT_SHELLID, subject, "RPID " + pool.guid(raw) + " is not ShellId " + pool.shellId
                + (asProposed ? " but the ShellId " + pool.proposedShellId + " the client proposed (the server chose its own)"
                : " in either byte order")));
    }

    /** Records the RPID of a message that went on, and the byte order the pool's GUIDs are shown in. */
    static void adoptRpid(RunspacePool pool, PsrpMessage m) {
        byte[] raw = m.rpidBytes();
        if (zeroFromServer(m) || pool.rpidAccepted(raw)) {
            return;
        }
        DotNetGuid.Layout layout = layoutOf(raw, pool.shellGuid());
        if (layout == null) {
            layout = layoutOf(raw, RunspacePool.guidOrNull(pool.proposedShellId));
        }
        if (layout != null) {
            pool.layout = layout;
        }
        pool.acceptRpid(raw);
    }

    private static DotNetGuid.Layout layoutOf(byte[] raw, UUID guid) {
        return guid == null ? null : DotNetGuid.layoutOf(raw, guid);
    }

    private static boolean zeroFromServer(PsrpMessage m) {
        return Arrays.equals(m.rpidBytes(), new byte[DotNetGuid.LENGTH]) && m.destinationKind() == Destination.CLIENT;
    }

    /** W3: the CommandId the server returned is the pipeline's PID (either byte order) or a notice. */
    static void commandId(RunspacePool pool, String commandId, byte[] pid, List<Violation> out) {
        UUID id = RunspacePool.guidOrNull(commandId);
        if (pid == null || id != null && DotNetGuid.layoutOf(pid, id) != null) {
            return;
        }
        // [MS-PSRP] 3.1.5.3.4: the client uses the CommandId of the CommandResponse for the pipeline, whatever it proposed
        out.add(new Violation(PsrpRule.COMMANDID_NOT_PID, "shell " + pool.shellId + " command " + commandId,
                "the pipeline's PID is " + pool.guid(pid) + "; later Sends, Receives and Signals use the CommandId"));
    }
}
