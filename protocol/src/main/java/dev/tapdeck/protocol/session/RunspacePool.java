package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.DotNetGuid;
import dev.tapdeck.protocol.psrp.PsrpDirection;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

/**
 * What the tap knows of one RunspacePool (one PowerShell shell, [MS-PSRP] 3.1.1.2): one message assembler
 * per direction, the pool state as the client sees it, the pipelines by CommandId, the Sends awaiting
 * their answer, and the RPIDs accepted for it. Mutated only under the lock of {@link PsrpSessionState}.
 */
final class RunspacePool {
    /** RunspacePoolState ([MS-PSRP] 2.2.3.4), by value, spec names verbatim. */
    enum State {
        BeforeOpen, Opening, Opened, Closed, Closing, Broken, NegotiationSent, NegotiationSucceeded, Connecting, Disconnected;

        static State of(Integer value) {
            return value != null && value >= 0 && value < values().length ? values()[value] : null;
        }
    }

    /** Most pipelines remembered per pool; finished ones are forgotten first. */
    static final int MAX_PIPELINES = 1_000;
    /** Most distinct RPIDs remembered per pool (one is normal; each new one costs a notice). */
    private static final int MAX_RPIDS = 16;
    private static final String POOL_TARGET = "";

    String shellId;
    final String proposedShellId;
    final String resourceUri;
    PsrpMessageAssembler clientToServer = new PsrpMessageAssembler(PsrpDirection.CLIENT_TO_SERVER);
    final PsrpMessageAssembler serverToClient = new PsrpMessageAssembler(PsrpDirection.SERVER_TO_CLIENT);
    /** Bumped whenever {@link #clientToServer} changes, so a trial copy knows whether it may replace it. */
    long clientGeneration;
    State state;
    /** False for a pool joined late (its Create was not seen): state rules stay silent until a state arrives. */
    boolean stateKnown;
    /** Whether any client message was seen (SESSION_CAPABILITY must be the first). */
    boolean clientSpoke;
    /** The Create carried rsp:CompressionType xpress: Send and ReceiveResponse streams are compressed ([MS-WSMV] 3.1.4.1.31.6). */
    boolean compressed;
    /** The byte order the client writes GUIDs in (.NET per spec, RFC 4122 from old pypsrp). */
    DotNetGuid.Layout layout = DotNetGuid.Layout.DOT_NET;
    private final Set<String> rpids = new HashSet<>();
    private final Map<String, PsrpPipeline> pipelines = new LinkedHashMap<>();
    private final Map<String, Integer> outstandingSends = new HashMap<>();

    RunspacePool(String shellId, String resourceUri, State state, boolean stateKnown) {
        this.shellId = shellId;
        this.proposedShellId = shellId;
        this.resourceUri = resourceUri;
        this.state = state;
        this.stateKnown = stateKnown;
    }

    /** The ShellId as a GUID ({@code uuid:} prefix of old servers removed), null when it is not one. */
    UUID shellGuid() {
        return guidOrNull(shellId);
    }

    static UUID guidOrNull(String id) {
        if (id == null) {
            return null;
        }
        String s = id.trim();
        if (s.regionMatches(true, 0, "uuid:", 0, 5)) {
            s = s.substring(5);
        }
        try {
            return UUID.fromString(s);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** A GUID field in the client's byte order, as text. */
    String guid(byte[] raw) {
        if (raw == null) {
            return null;
        }
        UUID u = layout == DotNetGuid.Layout.RFC_4122 ? DotNetGuid.fromRfc4122Bytes(raw, 0) : DotNetGuid.fromBytes(raw, 0);
        return u.toString().toUpperCase(java.util.Locale.ROOT);
    }

    boolean rpidAccepted(byte[] raw) {
        return rpids.contains(java.util.HexFormat.of().formatHex(raw));
    }

    void acceptRpid(byte[] raw) {
        if (rpids.size() < MAX_RPIDS) {
            rpids.add(java.util.HexFormat.of().formatHex(raw));
        }
    }

    PsrpPipeline pipeline(String commandId) {
        return commandId == null ? null : pipelines.get(ShellState.key(commandId));
    }

    PsrpPipeline pipelineByPid(byte[] pid) {
        for (PsrpPipeline p : pipelines.values()) {
            if (p.hasPid(pid)) {
                return p;
            }
        }
        return null;
    }

    /** The pipeline a message belongs to: by the stream's CommandId, else by its PID. */
    PsrpPipeline pipelineOf(String commandId, byte[] pid) {
        PsrpPipeline p = pipeline(commandId);
        return p != null ? p : pipelineByPid(pid);
    }

    void putPipeline(PsrpPipeline p) {
        if (pipelines.size() >= MAX_PIPELINES && !pipelines.containsKey(ShellState.key(p.commandId))) {
            // forget a finished pipeline first; a running one only when all are running (its audit is then lost)
            Iterator<PsrpPipeline> it = pipelines.values().iterator();
            PsrpPipeline victim = null;
            while (it.hasNext() && victim == null) {
                PsrpPipeline candidate = it.next();
                victim = candidate.finished() ? candidate : null;
            }
            pipelines.remove(ShellState.key((victim != null ? victim : pipelines.values().iterator().next()).commandId));
        }
        pipelines.put(ShellState.key(p.commandId), p);
    }

    List<PsrpPipeline> pipelines() {
        return new ArrayList<>(pipelines.values());
    }

    /** The key of a Send target: the pool, or a pipeline by CommandId. */
    static String target(String commandId) {
        return commandId == null ? POOL_TARGET : ShellState.key(commandId);
    }

    static String describeTarget(String target) {
        return target.equals(POOL_TARGET) ? "RunspacePool" : "pipeline " + target;
    }

    int outstanding(String target) {
        return outstandingSends.getOrDefault(target, 0);
    }

    void sendForwarded(String target) {
        outstandingSends.merge(target, 1, Integer::sum);
    }

    void sendAnswered(String target) {
        outstandingSends.computeIfPresent(target, (k, n) -> n > 1 ? n - 1 : null);
    }
}
