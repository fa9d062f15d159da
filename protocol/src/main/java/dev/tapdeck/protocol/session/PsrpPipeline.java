package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.PsrpMessageType;

import java.util.Arrays;

/**
 * What the tap knows of one pipeline of a RunspacePool ([MS-PSRP] 3.1.1.3): the CommandId the server
 * returned, the PSRP PID it is correlated with through the CommandResponse (the two differ when the
 * server chooses the CommandId), its last PIPELINE_STATE, and its audit record until it ends.
 * Mutated only under the lock of {@link PsrpSessionState}.
 */
final class PsrpPipeline {
    final String commandId;
    /** The PID bytes as sent (either byte order), null until a message of the pipeline was seen. */
    byte[] pid;
    /** CREATE_PIPELINE or GET_COMMAND_METADATA; null for a pipeline first seen in a ReceiveResponse. */
    final PsrpMessageType kind;
    /** The audit record while the command runs; null once emitted, or for pipelines whose Command was not seen. */
    AuditDraft audit;
    /** The last PIPELINE_STATE name ([MS-PSRP] 2.2.3.5), null until one arrives. */
    String state;

    PsrpPipeline(String commandId, byte[] pid, PsrpMessageType kind) {
        this.commandId = commandId;
        this.pid = pid;
        this.kind = kind;
    }

    boolean hasPid(byte[] candidate) {
        return pid != null && candidate != null && Arrays.equals(pid, candidate);
    }

    boolean finished() {
        return audit == null;
    }

    /** [MS-PSRP] 3.1.5.1: a pipeline in Completed, Stopped or Failed state takes no more messages. */
    static boolean terminal(String stateName) {
        return "Completed".equals(stateName) || "Failed".equals(stateName) || "Stopped".equals(stateName);
    }
}
