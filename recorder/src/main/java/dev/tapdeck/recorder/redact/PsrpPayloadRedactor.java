package dev.tapdeck.recorder.redact;

import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.FragmentDecoder;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.psrp.FragmentsDecoded;
import dev.tapdeck.protocol.psrp.PsrpMessage;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Redacts the PSRP messages inside carrier payloads (the decoded base64 of an {@code rsp:Stream},
 * {@code creationXml}, {@code rsp:Arguments}, {@code connectXml}), one session, all pools and directions.
 * A secret can only be found in a whole message, so:
 * <ul>
 *   <li>a message whose fragments all sit in one payload is redacted and re-fragmented in place (same
 *       ObjectId, FragmentIds from 0, blobs no larger than its first one);</li>
 *   <li>a message spread over several WS-Man messages is moved: its Start fragment keeps only the 40-byte
 *       message header (no secret: [MS-PSRP] 2.2.1), its middle fragments are written with empty blobs, and
 *       the payload with its End fragment carries the rest of the redacted message, in as many fragments as
 *       needed, FragmentIds still consecutive ([MS-PSRP] 2.2.4). The recording then reassembles to the
 *       redacted message, and a replay redactor fed the same traffic writes the same bytes;</li>
 *   <li>a fragment whose message did not start in this session (or outgrew {@link #MAX_MESSAGE_BYTES}) cannot
 *       be checked: its blob is dropped (written empty) and counted, never kept.</li>
 * </ul>
 * A payload that is not whole fragments (a cmd shell's stream) is left alone: it carries no PSRP message.
 */
final class PsrpPayloadRedactor {
    /** Largest message held while its fragments arrive over several WS-Man messages. */
    static final int MAX_MESSAGE_BYTES = 32 * 1024 * 1024;
    /** Most messages held open at once; the oldest is forgotten past it (its later fragments are dropped). */
    static final int MAX_OPEN = 256;

    /** A message whose End fragment has not come yet. */
    private static final class Open {
        final ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        final int maxBlob;
        int emitted;
        long nextId;
        boolean overflow;

        Open(int maxBlob) {
            this.maxBlob = maxBlob;
        }
    }

    private final Map<String, Open> open = new LinkedHashMap<>(16, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, Open> eldest) {
            return size() > MAX_OPEN;
        }
    };
    private final Redactions redactions;

    PsrpPayloadRedactor(Redactions redactions) {
        this.redactions = redactions;
    }

    /**
     * The payload with its messages redacted; the same array when nothing changed; null when it is not whole
     * PSRP fragments.
     *
     * @param stream which pool and direction the payload belongs to (ObjectIds are unique per pool only)
     */
    byte[] redact(String stream, byte[] payload) {
        FragmentsDecoded split = FragmentDecoder.decode(payload);
        if (!split.violations().isEmpty() || split.fragments().isEmpty()) {
            return null;
        }
        List<List<Fragment>> out = new ArrayList<>();
        Map<Long, Integer> startedHere = new HashMap<>();
        for (Fragment f : split.fragments()) {
            String key = stream + "/" + Long.toUnsignedString(f.objectId());
            boolean start = f.start() || f.fragmentId() == 0;
            if (start && f.end()) {
                byte[] message = PsrpMessageRedactor.redact(f.blob(), redactions);
                out.add(fragments(f.objectId(), 0, true, message, Math.max(f.blob().length, Fragmenter.WINDOWS_MAX_BLOB_LENGTH)));
            } else if (start) {
                Open o = new Open(Math.max(1, f.blob().length));
                o.bytes.writeBytes(f.blob());
                open.put(key, o);
                startedHere.put(f.objectId(), out.size());
                out.add(null); // filled at its End fragment, or with the header alone at the end of this payload
            } else {
                continuation(key, f, startedHere, out);
            }
        }
        for (Map.Entry<Long, Integer> e : startedHere.entrySet()) {
            Open o = open.get(stream + "/" + Long.toUnsignedString(e.getKey()));
            if (o != null && out.get(e.getValue()) == null) {
                byte[] all = o.bytes.toByteArray();
                o.emitted = Math.min(PsrpMessage.HEADER_LENGTH, all.length);
                o.nextId = 1;
                out.set(e.getValue(), List.of(new Fragment(e.getKey(), 0, true, false, Arrays.copyOf(all, o.emitted))));
            }
        }
        List<Fragment> all = new ArrayList<>();
        out.forEach(all::addAll);
        byte[] encoded = Fragmenter.encode(all);
        return Arrays.equals(encoded, payload) ? payload : encoded;
    }

    private void continuation(String key, Fragment f, Map<Long, Integer> startedHere, List<List<Fragment>> out) {
        Open o = open.get(key);
        if (o == null) {
            // its start was never seen here: nothing tells what the blob holds
            redactions.count(RedactionKind.PSRP_FRAGMENT_DROPPED);
            out.add(List.of(new Fragment(f.objectId(), f.fragmentId(), false, f.end(), new byte[0])));
            return;
        }
        if (!o.overflow && o.bytes.size() + (long) f.blob().length > MAX_MESSAGE_BYTES) {
            o.overflow = true;
            o.bytes.reset();
        }
        if (o.overflow) {
            redactions.count(RedactionKind.PSRP_FRAGMENT_DROPPED);
        } else {
            o.bytes.writeBytes(f.blob());
        }
        Integer slot = startedHere.get(f.objectId());
        if (f.end()) {
            open.remove(key);
            byte[] message = o.overflow ? new byte[0] : PsrpMessageRedactor.redact(o.bytes.toByteArray(), redactions);
            if (slot != null) {
                out.set(slot, fragments(f.objectId(), 0, true, message, o.maxBlob));
            } else {
                byte[] rest = message.length <= o.emitted ? new byte[0] : Arrays.copyOfRange(message, o.emitted, message.length);
                out.add(fragments(f.objectId(), o.nextId, false, rest, o.maxBlob));
            }
        } else if (slot == null) {
            out.add(List.of(new Fragment(f.objectId(), o.nextId++, false, false, new byte[0])));
        }
    }

    /** {@code bytes} as fragments from {@code firstId}, S on the first when {@code start}, E on the last. */
    private static List<Fragment> fragments(long objectId, long firstId, boolean start, byte[] bytes, int maxBlob) {
        int blob = Math.min(Math.max(1, maxBlob), Fragment.MAX_BLOB_LENGTH);
        int count = Math.max(1, (bytes.length + blob - 1) / blob);
        List<Fragment> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            byte[] part = Arrays.copyOfRange(bytes, i * blob, Math.min(bytes.length, (i + 1) * blob));
            out.add(new Fragment(objectId, firstId + i, start && i == 0, i == count - 1, part));
        }
        return out;
    }
}
