package dev.tapdeck.proxy;

import java.util.Locale;
import java.util.Set;
import java.util.TreeSet;

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1): they describe one connection and are not relayed; every other
 * header goes through unchanged. Content-Length is re-set by the relay for the body it writes (the same
 * bytes, so the same value unless the client used chunked encoding).
 */
public final class HopByHop {
    private static final Set<String> ALWAYS = Set.of("connection", "keep-alive", "proxy-connection", "te",
            "trailer", "transfer-encoding", "upgrade", "content-length");

    private HopByHop() {
    }

    /** The headers to drop for a message whose Connection header is {@code connectionHeader}. */
    public static Set<String> dropped(String connectionHeader) {
        Set<String> names = new TreeSet<>(ALWAYS);
        if (connectionHeader != null) {
            for (String token : connectionHeader.split(",")) {
                String t = token.trim().toLowerCase(Locale.ROOT);
                if (!t.isEmpty()) {
                    names.add(t);
                }
            }
        }
        return names;
    }

    public static boolean isDropped(Set<String> dropped, String name) {
        return dropped.contains(name.toLowerCase(Locale.ROOT));
    }
}
