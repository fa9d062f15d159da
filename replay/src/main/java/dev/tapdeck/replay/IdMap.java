package dev.tapdeck.replay;

import dev.tapdeck.protocol.psrp.DotNetGuid;

import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * Which live id stands for which recorded id, one to one. Ids are bound the first time a live message is
 * matched with a recorded one (a client-chosen ShellId in a Create, a server-chosen ShellId in a
 * CreateResponse) and then mapped into every later message of the other side.
 *
 * <p>GUID text and PSRP header bytes are bound separately: old pypsrp wrote RPIDs in RFC 4122 order and
 * servers echo what they get, so a recorded RPID may use another byte layout than the live client
 * (protocol-notes B.2). Bytes without a binding of their own follow the text binding of the GUID they
 * encode, in the layout they use ({@link DotNetGuid}).
 */
public final class IdMap {
    private static final String ZERO = "0".repeat(32);

    private final Map<String, String> textRecToLive = new HashMap<>();
    private final Map<String, String> textLiveToRec = new HashMap<>();
    private final Map<String, String> bytesRecToLive = new HashMap<>();
    private final Map<String, String> bytesLiveToRec = new HashMap<>();

    /**
     * Why the live ids cannot stand for the recorded ones (an id already bound to another), or null when
     * they can. The slots are compared pairwise, in order.
     */
    public synchronized String conflict(List<IdSlot> live, List<IdSlot> recorded) {
        if (live.size() != recorded.size()) {
            return "the live message carries " + live.size() + " ids, the recorded one " + recorded.size();
        }
        Map<String, String> tentativeRecToLive = new HashMap<>();
        Map<String, String> tentativeLiveToRec = new HashMap<>();
        for (int i = 0; i < live.size(); i++) {
            IdSlot l = live.get(i);
            IdSlot r = recorded.get(i);
            if (l.bytes() != r.bytes()) {
                return "id " + (i + 1) + " at " + r.path() + " is of another kind";
            }
            if (l.bytes() && (ZERO.equals(l.key()) || ZERO.equals(r.key()))) {
                if (!l.key().equals(r.key())) {
                    return r.path() + ": recorded " + r.original() + ", live " + l.original();
                }
                continue;
            }
            String p = (l.bytes() ? "b:" : "t:");
            String boundRec = lookup(l.bytes() ? bytesLiveToRec : textLiveToRec, tentativeLiveToRec, p, l.key());
            String boundLive = lookup(l.bytes() ? bytesRecToLive : textRecToLive, tentativeRecToLive, p, r.key());
            if (boundRec != null && !boundRec.equals(r.key())) {
                return r.path() + ": live " + l.original() + " already stands for recorded " + boundRec
                        + ", not " + r.original();
            }
            if (boundLive != null && !boundLive.equals(l.key())) {
                return r.path() + ": recorded " + r.original() + " is already bound to live " + boundLive
                        + ", the live message has " + l.original();
            }
            tentativeLiveToRec.put(p + l.key(), r.key());
            tentativeRecToLive.put(p + r.key(), l.key());
        }
        return null;
    }

    private static String lookup(Map<String, String> bound, Map<String, String> tentative, String prefix, String key) {
        String v = bound.get(key);
        if (v != null) {
            return key(v);
        }
        return tentative.get(prefix + key);
    }

    private static String key(String value) {
        return value.toLowerCase(Locale.ROOT);
    }

    /** Binds the pairs that {@link #conflict} accepted. */
    public synchronized void bind(List<IdSlot> live, List<IdSlot> recorded) {
        for (int i = 0; i < Math.min(live.size(), recorded.size()); i++) {
            IdSlot l = live.get(i);
            IdSlot r = recorded.get(i);
            if (l.bytes()) {
                if (!ZERO.equals(r.key())) {
                    bytesRecToLive.putIfAbsent(r.key(), l.key());
                    bytesLiveToRec.putIfAbsent(l.key(), r.key());
                }
            } else {
                textRecToLive.putIfAbsent(r.key(), l.original());
                textLiveToRec.putIfAbsent(l.key(), r.original());
            }
        }
    }

    /** The live GUID text that stands for a recorded one, null when none is bound. */
    public synchronized String liveText(String recordedGuid) {
        return textRecToLive.get(key(recordedGuid));
    }

    /** The live bytes for 16 recorded PSRP header bytes: their own binding, else their GUID's, else unchanged. */
    public synchronized byte[] liveBytes(byte[] recorded) {
        HexFormat hex = HexFormat.of();
        String bound = bytesRecToLive.get(hex.formatHex(recorded));
        if (bound != null) {
            return hex.parseHex(bound);
        }
        String asDotNet = textRecToLive.get(DotNetGuid.fromBytes(recorded, 0).toString());
        if (asDotNet != null) {
            return DotNetGuid.toBytes(UUID.fromString(asDotNet));
        }
        String asRfc = textRecToLive.get(DotNetGuid.fromRfc4122Bytes(recorded, 0).toString());
        if (asRfc != null) {
            return DotNetGuid.toRfc4122Bytes(UUID.fromString(asRfc));
        }
        return recorded;
    }

    public synchronized int size() {
        return textRecToLive.size() + bytesRecToLive.size();
    }
}
