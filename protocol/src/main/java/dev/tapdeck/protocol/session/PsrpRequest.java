package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.PsrpMessageAssembler;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * A request to a RunspacePool as inspected, waiting for the policy: the payloads were decoded on a copy
 * of the pool's client-to-server assembler, which {@link PsrpSessionState#forwarded} adopts only if the
 * request goes on (a blocked request leaves no trace). Its response is checked against it.
 */
final class PsrpRequest {
    /** A pipeline whose CREATE_PIPELINE or GET_COMMAND_METADATA started in the Command's Arguments. */
    record Started(byte[] pid, PsrpMessageType kind) {
    }

    final RunspacePool pool;
    /** The pool is not in the state yet: a Create (registered at its CreateResponse) or a late join. */
    final boolean newPool;
    final WsmanEnvelope envelope;
    final Requester requester;
    final List<PsrpPayloads.Payload> payloads = new ArrayList<>();
    final List<DecodedMessage> decoded = new ArrayList<>();
    final List<Violation> violations = new ArrayList<>();
    final List<DecodeProblem> problems = new ArrayList<>();
    /** Send targets ({@link RunspacePool#target}) this request occupies until its answer. */
    final Set<String> sendTargets = new LinkedHashSet<>();
    final List<Started> started = new ArrayList<>();
    PsrpMessageAssembler trial;
    long baseGeneration;
    /** Whether a Start fragment was shown to the rules yet (the first one must be SESSION_CAPABILITY). */
    boolean startSeen;
    boolean committed;

    PsrpRequest(RunspacePool pool, boolean newPool, WsmanEnvelope envelope, Requester requester) {
        this.pool = pool;
        this.newPool = newPool;
        this.envelope = envelope;
        this.requester = requester;
    }

    List<PsrpMessageDecoded> events() {
        return decoded.stream().map(DecodedMessage::event).toList();
    }
}
