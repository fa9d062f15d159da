package dev.tapdeck.protocol.ws;

import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * An independent reference for fail-fast UTF-8 checks, built on the JDK's strict decoder (which agrees
 * with Autobahn on complete strings, notes §0.7): a prefix is still possible when some completion of at
 * most 3 continuation bytes makes it valid. The completions try the edges of every second-byte range
 * RFC 3629 allows (80, 8F, 90, 9F, A0, BF), which is enough to reach each range.
 */
final class Utf8Oracle {
    private static final byte[] EDGES = {(byte) 0x80, (byte) 0x8F, (byte) 0x90, (byte) 0x9F, (byte) 0xA0, (byte) 0xBF};

    private Utf8Oracle() {
    }

    static boolean valid(byte[] b) {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        CharBuffer out = CharBuffer.allocate(b.length + 1);
        ByteBuffer in = ByteBuffer.wrap(b);
        return !decoder.decode(in, out, true).isError() && !decoder.flush(out).isError() && !in.hasRemaining();
    }

    /** Index of the first byte after which no completion is valid, or -1 when every prefix is possible. */
    static int firstImpossible(byte[] b) {
        for (int i = 0; i < b.length; i++) {
            if (!completes(Arrays.copyOf(b, i + 1), 0)) {
                return i;
            }
        }
        return -1;
    }

    private static boolean completes(byte[] prefix, int added) {
        if (valid(prefix)) {
            return true;
        }
        if (added == 3) {
            return false;
        }
        byte[] longer = Arrays.copyOf(prefix, prefix.length + 1);
        for (byte edge : EDGES) {
            longer[prefix.length] = edge;
            if (completes(longer, added + 1)) {
                return true;
            }
        }
        return false;
    }
}
