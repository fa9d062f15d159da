package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.DotNetGuid;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.session.RunspacePool.State;
import dev.tapdeck.protocol.wsman.CommandState;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The PSRP layer of the tap: one {@link RunspacePool} per PowerShell shell (ShellId), fed with the payloads
 * of every request and response addressed to it, in wire order per direction. Like
 * {@link WsmanSessionState} it has two phases per request: {@link #inspectRequest} decodes on a copy and
 * checks the rules, {@link #forwarded} adopts the copy once the policy let the request go. It keeps
 * each command's audit record and hands it over when the command ends. Pure and thread-safe (one lock).
 */
final class PsrpSessionState {
    private final int maxPools;
    private final AuditOptions options;
    private final PsrpDecoding decoding;
    private final Map<String, RunspacePool> pools = new LinkedHashMap<>();
    /** Audit records of pools forgotten past {@link #maxPools}, handed over with the next response. */
    private final List<AuditRecord> evicted = new ArrayList<>();

    PsrpSessionState(int maxPools, AuditOptions options) {
        this.maxPools = maxPools;
        this.options = options;
        this.decoding = new PsrpDecoding(options);
    }

    synchronized int poolCount() {
        return pools.size();
    }

    synchronized Optional<RunspacePool> pool(String shellId) {
        return Optional.ofNullable(pools.get(ShellState.key(shellId)));
    }

    /** Decodes and checks a request to a PowerShell shell; null when the request is not one. Changes nothing. */
    synchronized PsrpRequest inspectRequest(WsmanEnvelope request, Requester requester) {
        String uri = request.header().resourceUri();
        RunspacePool pool;
        boolean isNew;
        if (request.body() instanceof WsmanBody.Shell shell) {
            if (ShellKind.of(uri) != ShellKind.POWERSHELL) {
                return null;
            }
            // [MS-PSRP] 3.1.5.3.1: the client initialises the RunspacePool state to Opening
            pool = new RunspacePool(shell.shellId(), uri, State.Opening, true);
            // protocol-notes A.9: "xpress" is the only CompressionType [MS-WSMV] defines
            pool.compressed = "xpress".equalsIgnoreCase(request.header().compressionType());
            isNew = true;
        } else {
            Optional<String> shellId = request.header().shellId();
            pool = shellId.map(id -> pools.get(ShellState.key(id))).orElse(null);
            isNew = pool == null;
            if (isNew) {
                if (shellId.isEmpty() || ShellKind.of(uri) != ShellKind.POWERSHELL || !joinsLate(request.action())) {
                    return null;
                }
                // the Create was not seen (the proxy started late, or another client opened it): state unknown,
                // except for a Connect, which starts from Connecting ([MS-PSRP] 3.1.5.3.14)
                boolean connect = request.action() == WsmanAction.Connect;
                pool = new RunspacePool(shellId.get(), uri, connect ? State.Connecting : null, connect);
            }
        }
        PsrpRequest r = new PsrpRequest(pool, isNew, request, requester);
        PsrpRequestRules.body(pool, r, r.violations);
        PsrpPayloads.Extracted extracted = PsrpPayloads.ofRequest(request, pool.compressed);
        r.violations.addAll(extracted.violations());
        if (!extracted.payloads().isEmpty()) {
            r.trial = pool.clientToServer.copy();
            r.baseGeneration = pool.clientGeneration;
            RunspacePool target = pool;
            for (PsrpPayloads.Payload p : extracted.payloads()) {
                r.payloads.add(p);
                r.decoded.addAll(decoding.decode(pool, r.trial, p, (payload, f, start, head, out) -> {
                    if (isNew && !r.startSeen && head != null && head.rpid() != null) {
                        target.layout = layoutGuess(target, head.rpid()); // a new pool: show GUIDs in its client's order
                    }
                    PsrpRequestRules.fragment(target, r, payload, f, start, head, out);
                    if (start && head != null && payload.carrier() == PsrpCarrier.ARGUMENTS && startsPipeline(head.type())) {
                        r.started.add(new PsrpRequest.Started(head.pid(), head.type()));
                    }
                }, r.violations, r.problems));
            }
            if (!(request.body() instanceof WsmanBody.Shell)) { // a Create's RPIDs wait for the ShellId of its CreateResponse
                r.decoded.forEach(d -> PsrpResponseRules.rpid(target, d.message(), r.violations));
            }
        }
        return r;
    }

    /** The request went upstream: adopt its decoding and record what it started. */
    synchronized void forwarded(PsrpRequest r) {
        if (r == null || r.committed) {
            return;
        }
        r.committed = true;
        RunspacePool pool = r.pool;
        boolean create = r.envelope.body() instanceof WsmanBody.Shell;
        if (r.newPool && !create) {
            putPool(pool);
        }
        if (r.trial != null) {
            List<DecodedMessage> decoded = r.decoded;
            if (pool.clientGeneration == r.baseGeneration) {
                pool.clientToServer = r.trial;
            } else { // another request of this pool went on meanwhile: decode again on the real state
                decoded = new ArrayList<>();
                for (PsrpPayloads.Payload p : r.payloads) {
                    decoded.addAll(decoding.decode(pool, pool.clientToServer, p, (x, f, s, h, o) -> { }, new ArrayList<>(),
                            new ArrayList<>()));
                }
            }
            pool.clientGeneration++;
            for (DecodedMessage d : decoded) {
                if (!create) {
                    PsrpResponseRules.adoptRpid(pool, d.message());
                }
                PsrpMessageEffects.applyClient(pool, d);
            }
        }
        r.sendTargets.forEach(pool::sendForwarded);
        if (r.envelope.body() instanceof WsmanBody.Signal signal) {
            PsrpPipeline p = pool.pipeline(signal.commandId());
            if (p != null && p.audit != null) {
                p.audit.signal(signal.code());
            }
        }
    }

    /** Checks a response against its request and updates the pool; hands over the commands it ended. */
    synchronized PsrpResponse responseReceived(PsrpRequest r, WsmanEnvelope response) {
        PsrpResponse out = new PsrpResponse();
        out.audits.addAll(evicted);
        evicted.clear();
        if (r == null || !r.committed) {
            return out;
        }
        RunspacePool pool = r.pool;
        WsmanEnvelope request = r.envelope;
        PsrpResponseRules.envelope(pool, request, response, out.violations);
        WsmanBody body = response.body();
        switch (request.action()) {
            case Create -> created(r, body, out);
            case Command -> commandAnswered(r, body, out);
            case Send -> r.sendTargets.forEach(pool::sendAnswered);
            case Receive -> received(pool, response, out);
            case Connect -> {
                received(pool, response, out);
                if (out.decoded.stream().anyMatch(d -> d.message().type() == PsrpMessageType.RUNSPACEPOOL_INIT_DATA)) {
                    // [MS-PSRP] 3.1.5.4.30: RUNSPACEPOOL_INIT_DATA completes the connection; the pool is Opened
                    pool.state = State.Opened;
                    pool.stateKnown = true;
                }
            }
            case Disconnect -> pool.state = response.action() == WsmanAction.DisconnectResponse ? State.Disconnected : pool.state;
            case Reconnect -> pool.state = response.action() == WsmanAction.ReconnectResponse ? State.Opened : pool.state;
            case Delete -> {
                if (!response.isFault()) {
                    PsrpMessageEffects.close(pool, "the shell was deleted before the command ended", out);
                    pools.remove(ShellState.key(pool.shellId));
                }
            }
            default -> {
            }
        }
        return out;
    }

    /**
     * The proxy refused the request (issue 8): a Command's pipeline gets a record of its own, state Refused;
     * a Send marks the pipeline it targets.
     */
    synchronized List<AuditRecord> refused(PsrpRequest r, String reason) {
        if (r == null) {
            return List.of();
        }
        List<AuditRecord> out = new ArrayList<>();
        if (r.envelope.action() == WsmanAction.Command) {
            for (PsrpRequest.Started s : r.started) {
                AuditDraft draft = PsrpMessageEffects.draft(options, r.pool, r, s, null);
                draft.state("Refused");
                draft.error(reason);
                out.add(draft.toRecord(true, null));
            }
        } else if (r.envelope.body() instanceof WsmanBody.Send send) {
            for (ShellStream s : send.streams()) {
                PsrpPipeline p = s.commandId() == null ? null : r.pool.pipeline(s.commandId());
                if (p != null && p.audit != null) {
                    p.audit.error(reason);
                }
            }
        }
        return out;
    }

    /** The request got no WS-Man answer: its Sends no longer count as outstanding. */
    synchronized void responseMissing(PsrpRequest r) {
        if (r != null && r.committed && r.envelope.action() == WsmanAction.Send) {
            r.sendTargets.forEach(r.pool::sendAnswered);
        }
    }

    /** The tap stops: every command still running is handed over, marked incomplete. */
    synchronized List<AuditRecord> finish(String reason) {
        PsrpResponse out = new PsrpResponse();
        out.audits.addAll(evicted);
        evicted.clear();
        pools.values().forEach(p -> PsrpMessageEffects.close(p, reason, out));
        pools.clear();
        return out.audits;
    }

    private void created(PsrpRequest r, WsmanBody body, PsrpResponse out) {
        RunspacePool pool = r.pool;
        if (!(body instanceof WsmanBody.CreateResponse created)) {
            return; // a fault: the RunspacePool never existed
        }
        if (created.shellId() != null) {
            pool.shellId = created.shellId(); // a protocol-2.1 server may choose its own (protocol-notes A.6)
        }
        if (pool.shellId == null) {
            return;
        }
        for (DecodedMessage d : r.decoded) {
            PsrpResponseRules.rpid(pool, d.message(), out.violations);
            PsrpResponseRules.adoptRpid(pool, d.message());
        }
        putPool(pool);
    }

    private void commandAnswered(PsrpRequest r, WsmanBody body, PsrpResponse out) {
        if (r.started.isEmpty()) {
            return;
        }
        RunspacePool pool = r.pool;
        if (body instanceof WsmanBody.CommandResponse started && started.commandId() != null) {
            PsrpRequest.Started s = r.started.get(0); // [MS-PSRP] 3.1.5.3.3: one pipeline per Command
            PsrpPipeline p = new PsrpPipeline(started.commandId(), s.pid(), s.kind());
            p.audit = PsrpMessageEffects.draft(options, pool, r, s, started.commandId());
            PsrpResponseRules.commandId(pool, started.commandId(), s.pid(), out.violations);
            pool.putPipeline(p);
        } else if (body instanceof WsmanBody.Fault fault) {
            for (PsrpRequest.Started s : r.started) {
                AuditDraft draft = PsrpMessageEffects.draft(options, pool, r, s, null);
                draft.state("Fault");
                draft.error(fault.subcode() + ": " + (fault.message() != null ? fault.message() : fault.reason()));
                out.audits.add(draft.toRecord(true, null));
            }
        }
    }

    private void received(RunspacePool pool, WsmanEnvelope response, PsrpResponse out) {
        PsrpPayloads.Extracted extracted = PsrpPayloads.ofResponse(response, pool.compressed);
        out.violations.addAll(extracted.violations());
        for (PsrpPayloads.Payload p : extracted.payloads()) {
            if (p.carrier() == PsrpCarrier.RECEIVE_RESPONSE && !"stdout".equals(p.stream())) {
                // [MS-PSRP] 3.1.5.3.8: the Name MUST be stdout; otherwise the message MUST be discarded
                out.violations.add(new Violation(PsrpRule.RECEIVE_RESPONSE_STREAM_NOT_STDOUT, "shell " + pool.shellId,
                        "stream '" + p.stream() + "'"));
                continue;
            }
            List<DecodedMessage> decoded = decoding.decode(pool, pool.serverToClient, p,
                    (payload, f, start, head, o) -> PsrpResponseRules.fragment(pool, payload, f, start, head, o),
                    out.violations, out.problems);
            for (DecodedMessage d : decoded) {
                PsrpResponseRules.rpid(pool, d.message(), out.violations);
                PsrpResponseRules.adoptRpid(pool, d.message());
                PsrpMessageEffects.applyServer(pool, d, out);
            }
            out.decoded.addAll(decoded);
        }
        if (response.body() instanceof WsmanBody.ReceiveResponse received) {
            for (CommandState cs : received.commandStates()) {
                PsrpPipeline p = cs.isDone() ? pool.pipeline(cs.commandId()) : null;
                if (p != null && p.audit != null) {
                    // [MS-PSRP] 3.1.5.3.8: Done marks the last ReceiveResponse of the pipeline
                    PsrpMessageEffects.end(p, out);
                }
            }
        }
    }

    private void putPool(RunspacePool pool) {
        String key = ShellState.key(pool.shellId);
        if (pools.size() >= maxPools && !pools.containsKey(key)) {
            Iterator<RunspacePool> oldest = pools.values().iterator();
            PsrpResponse out = new PsrpResponse();
            PsrpMessageEffects.close(oldest.next(), "forgotten: more than " + maxPools + " RunspacePools are open", out);
            oldest.remove();
            evicted.addAll(out.audits);
        }
        pools.put(key, pool);
    }

    private static boolean joinsLate(WsmanAction action) {
        return action == WsmanAction.Send || action == WsmanAction.Receive || action == WsmanAction.Command
                || action == WsmanAction.Connect;
    }

    private static boolean startsPipeline(PsrpMessageType type) {
        return type == PsrpMessageType.CREATE_PIPELINE || type == PsrpMessageType.GET_COMMAND_METADATA;
    }

    private static DotNetGuid.Layout layoutGuess(RunspacePool pool, byte[] rpid) {
        UUID shell = pool.shellGuid();
        DotNetGuid.Layout l = shell == null ? null : DotNetGuid.layoutOf(rpid, shell);
        return l == null ? pool.layout : l;
    }
}
