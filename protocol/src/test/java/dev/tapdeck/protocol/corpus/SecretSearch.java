package dev.tapdeck.protocol.corpus;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Searches bytes for a secret (redaction leak tests) the way a leak would show: the secret's UTF-8 and UTF-16LE bytes, and its
 * base64 at each of the three alignments it can take inside a longer base64 text; and it looks inside every
 * base64 run found, recursively (a recording holds base64 bodies, whose carriers hold base64 fragments).
 */
public final class SecretSearch {
    private static final Pattern BASE64_RUN = Pattern.compile("[A-Za-z0-9+/]{16,}={0,2}");
    private static final int MAX_DEPTH = 4;

    private SecretSearch() {
    }

    /** Where the secret was found (a description), or null when it is nowhere. */
    public static String find(byte[] haystack, String secret) {
        List<byte[]> needles = needles(secret);
        return find(haystack, needles, 0, "file");
    }

    private static String find(byte[] hay, List<byte[]> needles, int depth, String where) {
        for (byte[] n : needles) {
            if (indexOf(hay, n) >= 0) {
                return where + " holds " + new String(n, StandardCharsets.ISO_8859_1);
            }
        }
        if (depth == MAX_DEPTH) {
            return null;
        }
        Matcher m = BASE64_RUN.matcher(new String(hay, StandardCharsets.ISO_8859_1));
        while (m.find()) {
            String run = m.group();
            byte[] decoded;
            try {
                decoded = Base64.getDecoder().decode(run.length() % 4 == 0 ? run : run.substring(0, run.length() - run.length() % 4));
            } catch (IllegalArgumentException e) {
                continue;
            }
            String found = find(decoded, needles, depth + 1, where + " > base64 at " + m.start());
            if (found != null) {
                return found;
            }
        }
        return null;
    }

    static List<byte[]> needles(String secret) {
        List<byte[]> out = new ArrayList<>();
        byte[] utf8 = secret.getBytes(StandardCharsets.UTF_8);
        out.add(utf8);
        out.add(secret.getBytes(StandardCharsets.UTF_16LE));
        for (int shift = 0; shift < 3; shift++) {
            byte[] padded = new byte[shift + utf8.length];
            System.arraycopy(utf8, 0, padded, shift, utf8.length);
            String b64 = Base64.getEncoder().withoutPadding().encodeToString(padded);
            // drop the characters that mix in the unknown neighbouring bytes
            int from = shift == 0 ? 0 : (shift * 4 + 2) / 3;
            int to = b64.length() - 2;
            if (to - from >= 8) {
                out.add(b64.substring(from, to).getBytes(StandardCharsets.US_ASCII));
            }
        }
        return out;
    }

    /** Byte search: ISO-8859-1 maps each byte to one char, so a string search is a byte search. */
    static int indexOf(byte[] hay, byte[] needle) {
        return new String(hay, StandardCharsets.ISO_8859_1).indexOf(new String(needle, StandardCharsets.ISO_8859_1));
    }
}
