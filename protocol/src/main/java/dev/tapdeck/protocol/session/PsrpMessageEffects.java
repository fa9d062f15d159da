package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.view.CreatePipeline;
import dev.tapdeck.protocol.psrp.view.ErrorRecord;
import dev.tapdeck.protocol.psrp.view.GetCommandMetadata;
import dev.tapdeck.protocol.psrp.view.PipelineInput;
import dev.tapdeck.protocol.psrp.view.PipelineState;
import dev.tapdeck.protocol.psrp.view.RunspacePoolState;
import dev.tapdeck.protocol.session.RunspacePool.State;

import java.util.Arrays;

/**
 * What PSRP messages do to a RunspacePool and to the audit records of its pipelines: the pool state
 * ([MS-PSRP] 3.1.5.4.1, 3.1.5.4.9), the statements of a CREATE_PIPELINE, input and host responses the
 * client sent, errors and the final PIPELINE_STATE the server sent. Called under the lock of
 * {@link PsrpSessionState}, for requests once they went on and for responses as they arrive.
 */
final class PsrpMessageEffects {
    private PsrpMessageEffects() {
    }

    /** The audit record of a pipeline started by a Command, with what its completed messages tell. */
    static AuditDraft draft(AuditOptions options, RunspacePool pool, PsrpRequest r, PsrpRequest.Started s, String commandId) {
        AuditDraft draft = new AuditDraft(options, s.kind() == PsrpMessageType.GET_COMMAND_METADATA
                ? AuditRecord.Kind.GET_COMMAND_METADATA : AuditRecord.Kind.CREATE_PIPELINE, pool.shellId, pool.resourceUri,
                r.requester);
        draft.commandId = commandId;
        draft.pipelineId = pool.guid(s.pid());
        for (DecodedMessage d : r.decoded) {
            if (d.message().type() == s.kind() && Arrays.equals(d.message().pidBytes(), s.pid())) {
                describe(draft, d);
            }
        }
        return draft;
    }

    private static void describe(AuditDraft draft, DecodedMessage d) {
        if (d.view() instanceof CreatePipeline p) {
            draft.pipeline(p);
        } else if (d.view() instanceof GetCommandMetadata g) {
            draft.metadata(g);
        }
    }

    static void applyClient(RunspacePool pool, DecodedMessage d) {
        PsrpMessageType type = d.message().type();
        pool.clientSpoke = true;
        if (type == null) {
            return;
        }
        PsrpPipeline p = pool.pipelineOf(d.payload().commandId(), d.message().pidBytes());
        AuditDraft audit = p == null ? null : p.audit;
        switch (type) {
            case SESSION_CAPABILITY -> {
                if (pool.state == State.Opening || pool.state == State.BeforeOpen) {
                    pool.state = State.NegotiationSent; // [MS-PSRP] 3.1.5.4.1.1
                }
            }
            case CREATE_PIPELINE, GET_COMMAND_METADATA -> {
                if (audit != null && d.payload().carrier() != PsrpCarrier.ARGUMENTS) {
                    describe(audit, d); // completed in a Send after the CommandResponse (test_psrp_small_msg_size.yml)
                }
            }
            case PIPELINE_INPUT -> {
                if (audit != null) {
                    audit.inputObject(d.view() instanceof PipelineInput i ? i.text() : "<unreadable>", d.message().data().length);
                }
            }
            case END_OF_PIPELINE_INPUT -> {
                if (audit != null) {
                    audit.inputEnded();
                }
            }
            case PIPELINE_HOST_RESPONSE -> {
                if (audit != null && d.host() != null) {
                    audit.hostResponse(d.host().method(), d.host().value(), d.message().data().length);
                }
            }
            default -> {
            }
        }
    }

    static void applyServer(RunspacePool pool, DecodedMessage d, PsrpResponse out) {
        PsrpMessageType type = d.message().type();
        String commandId = d.payload().commandId();
        if (commandId != null && !d.message().pidIsZero() && pool.pipeline(commandId) == null) {
            pool.putPipeline(new PsrpPipeline(commandId, d.message().pidBytes(), null)); // its Command was not seen
        }
        PsrpPipeline p = d.message().pidIsZero() ? null : pool.pipelineOf(commandId, d.message().pidBytes());
        if (type == PsrpMessageType.SESSION_CAPABILITY && pool.state == State.NegotiationSent) {
            pool.state = State.NegotiationSucceeded; // [MS-PSRP] 3.1.5.4.1.2
        } else if (d.view() instanceof RunspacePoolState s && State.of(s.state()) != null) {
            pool.state = State.of(s.state()); // [MS-PSRP] 3.1.5.4.9
            pool.stateKnown = true;
        } else if (d.view() instanceof PipelineState s && p != null) {
            p.state = s.stateName();
            if (p.audit != null && s.exception() != null) {
                p.audit.error(s.exception().message());
            }
            if (p.audit != null && PsrpPipeline.terminal(s.stateName())) {
                end(p, out);
            }
        } else if (d.view() instanceof ErrorRecord e && p != null && p.audit != null) {
            p.audit.error(e.message());
        }
    }

    static void end(PsrpPipeline p, PsrpResponse out) {
        p.audit.state(p.state != null ? p.state : "Done");
        out.audits.add(p.audit.toRecord(true, null));
        p.audit = null;
    }

    static void close(RunspacePool pool, String reason, PsrpResponse out) {
        // [MS-PSRP] 2.2.4: a message whose End fragment never came is reported
        out.violations.addAll(pool.clientToServer.finish().violations());
        out.violations.addAll(pool.serverToClient.finish().violations());
        for (PsrpPipeline p : pool.pipelines()) {
            if (p.audit != null) {
                p.audit.state(p.state);
                out.audits.add(p.audit.toRecord(false, reason));
                p.audit = null;
            }
        }
    }
}
