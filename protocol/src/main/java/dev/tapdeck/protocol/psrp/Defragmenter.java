package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.psrp.DefragmentEvent.MessageAssembled;
import dev.tapdeck.protocol.psrp.DefragmentEvent.Reason;
import dev.tapdeck.protocol.psrp.DefragmentEvent.ReassemblyDropped;
import dev.tapdeck.protocol.rules.Rule;
import dev.tapdeck.protocol.rules.Violation;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reassembles PSRP messages from fragments ([MS-PSRP] 2.2.4, 3.1.5.1.2) for one direction of one
 * RunspacePool, across WS-Man messages and carriers (creationXml, Command Arguments, Send and Receive
 * streams): a CREATE_PIPELINE may start in a Command and end in a Send. Fragments are keyed by ObjectId,
 * which is unique within a RunspacePool and its pipelines, so one instance must not mix pools.
 *
 * <p>Rules are checked as a passive observer: a broken rule is reported, and the message is still assembled
 * when its bytes are unambiguous (a missing S flag on FragmentId 0, ObjectId 0); it is dropped when they
 * are not (a gap in FragmentIds, a restart). Everything is bounded by {@link DefragmentLimits}.
 * Not thread-safe: one instance per direction, fed in wire order.
 */
public final class Defragmenter {
    private final DefragmentLimits limits;
    /** Messages awaiting their End fragment, in the order they started. */
    private final Map<Long, Partial> open = new LinkedHashMap<>();
    /** ObjectIds whose reassembly was dropped: their fragments are ignored up to the End fragment. */
    private final Map<Long, Boolean> discarding;
    private long openBytes;

    public Defragmenter(DefragmentLimits limits) {
        this.limits = limits;
        int bound = limits.maxOpenObjectIds();
        this.discarding = new LinkedHashMap<>(16, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Long, Boolean> eldest) {
                return size() > bound; // bounded too: a flood of abandoned ObjectIds must not grow memory
            }
        };
    }

    public Defragmenter() {
        this(DefragmentLimits.DEFAULT);
    }

    /** Decodes one carrier payload ({@link FragmentDecoder}) and feeds its fragments in order. */
    public Defragmented accept(byte[] payload) {
        FragmentsDecoded decoded = FragmentDecoder.decode(payload);
        Sink sink = new Sink();
        sink.violations.addAll(decoded.violations());
        for (Fragment f : decoded.fragments()) {
            process(f, sink);
        }
        return sink.result();
    }

    public Defragmented accept(Fragment fragment) {
        Sink sink = new Sink();
        process(fragment, sink);
        return sink.result();
    }

    public Defragmented accept(List<Fragment> fragments) {
        Sink sink = new Sink();
        for (Fragment f : fragments) {
            process(f, sink);
        }
        return sink.result();
    }

    /** Ends the stream (shell deleted, connection closed): every unfinished message is reported and released. */
    public Defragmented finish() {
        Sink sink = new Sink();
        for (Iterator<Partial> it = open.values().iterator(); it.hasNext(); ) {
            Partial p = it.next();
            it.remove();
            openBytes -= p.bytes;
            // [MS-PSRP] 2.2.4: the last fragment of a message carries the E flag
            sink.violation(PsrpRule.END_FRAGMENT_MISSING, p.objectId, p.nextFragmentId - 1,
                    "message ended without an End fragment after " + p.count + " fragments, " + p.bytes + " bytes");
            sink.events.add(new ReassemblyDropped(p.objectId, Reason.INCOMPLETE,
                    "no End fragment after " + p.count + " fragments"));
        }
        discarding.clear();
        return sink.result();
    }

    /** Messages awaiting their End fragment. */
    public int openObjectIds() {
        return open.size();
    }

    /** Bytes held by unfinished messages. */
    public long openBytes() {
        return openBytes;
    }

    private void process(Fragment f, Sink out) {
        long id = f.objectId();
        if (id == 0) {
            // [MS-PSRP] 2.2.4: ObjectId MUST be greater than 0 (still usable as a key)
            out.violation(PsrpRule.OBJECT_ID_ZERO, f, "ObjectId is 0");
        }
        Partial p = open.get(id);
        if (f.start()) {
            if (f.fragmentId() != 0) {
                // [MS-PSRP] 2.2.4: the Start fragment MUST have a FragmentId of 0
                out.violation(PsrpRule.START_FRAGMENT_ID_NOT_ZERO, f, "Start fragment has FragmentId "
                        + Long.toUnsignedString(f.fragmentId()));
            }
            if (p != null) {
                // [MS-PSRP] 2.2.4: ObjectId identifies one message; a second Start while open interleaves two
                out.violation(PsrpRule.START_WHILE_OPEN, f, "new Start fragment while FragmentId "
                        + Long.toUnsignedString(p.nextFragmentId) + " was expected");
                drop(p, Reason.RULE_BROKEN, "restarted by a new Start fragment", out);
            }
            discarding.remove(id);
            begin(f, out);
            return;
        }
        if (p == null) {
            if (discarding.containsKey(id)) {
                if (f.end()) {
                    discarding.remove(id);
                }
                return;
            }
            if (f.fragmentId() == 0) {
                // [MS-PSRP] 2.2.4: FragmentId 0 is the Start fragment and MUST carry S; take it as the start
                out.violation(PsrpRule.START_FLAG_MISSING, f, "FragmentId 0 without the S flag");
                begin(f, out);
                return;
            }
            // [MS-PSRP] 2.2.4: fragments are combined from the Start fragment on
            out.violation(PsrpRule.FRAGMENT_WITHOUT_START, f, "no Start fragment was seen for this ObjectId");
            if (!f.end()) {
                discarding.put(id, Boolean.TRUE);
            }
            return;
        }
        if (f.fragmentId() != p.nextFragmentId) {
            // [MS-PSRP] 3.1.5.1.1: FragmentIds MUST be numbered consecutively and sent in ascending order
            out.violation(PsrpRule.FRAGMENT_ID_NOT_ASCENDING, f, "expected FragmentId "
                    + Long.toUnsignedString(p.nextFragmentId) + ", got " + Long.toUnsignedString(f.fragmentId()));
            drop(p, Reason.RULE_BROKEN, "FragmentId out of sequence", out);
            if (!f.end()) {
                discarding.put(id, Boolean.TRUE);
            }
            return;
        }
        append(p, f, out);
    }

    private void begin(Fragment f, Sink out) {
        if (!f.end() && open.size() >= limits.maxOpenObjectIds()) {
            out.events.add(new ReassemblyDropped(f.objectId(), Reason.MAX_OPEN_OBJECT_IDS,
                    "maxOpenObjectIds=" + limits.maxOpenObjectIds() + " reached: messages already awaiting their End fragment"));
            discarding.put(f.objectId(), Boolean.TRUE);
            return;
        }
        Partial p = new Partial(f.objectId(), f.fragmentId());
        if (!f.end()) {
            open.put(f.objectId(), p);
        }
        append(p, f, out);
    }

    private void append(Partial p, Fragment f, Sink out) {
        int length = f.blob().length;
        if (p.bytes + length > limits.maxMessageBytes()) {
            drop(p, Reason.MAX_MESSAGE_BYTES, "maxMessageBytes=" + limits.maxMessageBytes() + " crossed: message would be "
                    + (p.bytes + length) + " bytes", out);
            discardRest(f);
            return;
        }
        if (!f.end() && openBytes + length > limits.maxOpenBytes()) {
            drop(p, Reason.MAX_OPEN_BYTES, "maxOpenBytes=" + limits.maxOpenBytes() + " crossed: unfinished messages would hold "
                    + (openBytes + length) + " bytes", out);
            discardRest(f);
            return;
        }
        if (length > 0) { // empty blobs add nothing: a stream of them must not grow the chunk list
            p.chunks.add(f.blob());
        }
        p.bytes += length;
        p.count++;
        p.nextFragmentId = f.fragmentId() + 1;
        if (!f.end()) {
            openBytes += length;
            return;
        }
        if (open.remove(p.objectId) != null) {
            openBytes -= p.bytes - length;
        }
        out.events.add(new MessageAssembled(p.objectId, p.count, p.concatenate()));
    }

    private void discardRest(Fragment f) {
        if (!f.end()) {
            discarding.put(f.objectId(), Boolean.TRUE);
        }
    }

    private void drop(Partial p, Reason reason, String detail, Sink out) {
        if (open.remove(p.objectId) != null) {
            openBytes -= p.bytes;
        }
        out.events.add(new ReassemblyDropped(p.objectId, reason, detail));
    }

    /** One message being reassembled. */
    private static final class Partial {
        final long objectId;
        final List<byte[]> chunks = new ArrayList<>();
        long nextFragmentId;
        int bytes;
        long count;

        Partial(long objectId, long firstFragmentId) {
            this.objectId = objectId;
            this.nextFragmentId = firstFragmentId;
        }

        byte[] concatenate() {
            if (chunks.size() == 1 && chunks.get(0).length == bytes) {
                return chunks.get(0);
            }
            byte[] out = new byte[bytes];
            int at = 0;
            for (byte[] c : chunks) {
                System.arraycopy(c, 0, out, at, c.length);
                at += c.length;
            }
            return out;
        }
    }

    /** Collects the output of one call. */
    private static final class Sink {
        final List<DefragmentEvent> events = new ArrayList<>();
        final List<Violation> violations = new ArrayList<>();

        void violation(Rule rule, Fragment f, String detail) {
            violation(rule, f.objectId(), f.fragmentId(), detail);
        }

        void violation(Rule rule, long objectId, long fragmentId, String detail) {
            violations.add(new Violation(rule, FragmentDecoder.subject(objectId, fragmentId), detail));
        }

        Defragmented result() {
            return events.isEmpty() && violations.isEmpty() ? Defragmented.NOTHING : new Defragmented(events, violations);
        }
    }
}
