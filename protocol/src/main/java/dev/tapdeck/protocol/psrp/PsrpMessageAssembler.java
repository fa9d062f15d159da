package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.psrp.DefragmentEvent.MessageAssembled;
import dev.tapdeck.protocol.psrp.DefragmentEvent.ReassemblyDropped;
import dev.tapdeck.protocol.psrp.PsrpMessageResult.MessageDecoded;
import dev.tapdeck.protocol.psrp.PsrpMessageResult.MessageRejected;
import dev.tapdeck.protocol.rules.Violation;
import java.util.ArrayList;
import java.util.List;

/**
 * Carrier payloads in, PSRP messages out, for one direction of one RunspacePool: a {@link Defragmenter}
 * followed by {@link PsrpMessageCodec} with the direction known, so Destination and MessageType direction
 * are checked too. Feed it, in wire order, every payload of the pool in that direction: creationXml,
 * each Command Argument, each Send or ReceiveResponse stream, connectXml / connectResponseXml.
 */
public final class PsrpMessageAssembler {
    private final PsrpDirection sentBy;
    private final Defragmenter defragmenter;

    public PsrpMessageAssembler(PsrpDirection sentBy, DefragmentLimits limits) {
        this.sentBy = sentBy;
        this.defragmenter = new Defragmenter(limits);
    }

    public PsrpMessageAssembler(PsrpDirection sentBy) {
        this(sentBy, DefragmentLimits.DEFAULT);
    }

    public PsrpDirection sentBy() {
        return sentBy;
    }

    /** One decoded base64 payload. */
    public Assembled accept(byte[] payload) {
        return decode(defragmenter.accept(payload));
    }

    /** End of the pool: reports messages that never received their End fragment. */
    public Assembled finish() {
        return decode(defragmenter.finish());
    }

    private Assembled decode(Defragmented d) {
        List<AssembledMessage> messages = new ArrayList<>();
        List<Violation> violations = new ArrayList<>(d.violations());
        for (MessageAssembled m : d.messages()) {
            PsrpMessageResult r = PsrpMessageCodec.decode(m.message(), sentBy);
            if (r instanceof MessageDecoded decoded) {
                messages.add(new AssembledMessage(m.objectId(), m.fragmentCount(), decoded.message()));
                violations.addAll(decoded.violations());
            } else {
                violations.add(((MessageRejected) r).violation());
            }
        }
        return new Assembled(messages, d.drops(), violations);
    }

    /**
     * What one payload completed.
     *
     * @param messages   messages whose End fragment arrived, in order
     * @param drops      reassemblies abandoned (a limit, an unrecoverable rule)
     * @param violations fragment and header rules broken
     */
    public record Assembled(List<AssembledMessage> messages, List<ReassemblyDropped> drops, List<Violation> violations) {
        public Assembled {
            messages = List.copyOf(messages);
            drops = List.copyOf(drops);
            violations = List.copyOf(violations);
        }
    }

    /** A PSRP message with the framing it came in. */
    public record AssembledMessage(long objectId, long fragmentCount, PsrpMessage message) {
    }
}
