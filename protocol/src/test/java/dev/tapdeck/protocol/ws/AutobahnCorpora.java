package dev.tapdeck.protocol.ws;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;

/**
 * Seeded stand-ins for the files Autobahn 12/13 compress (data1.json, lena512.bmp, Faust, data1.html,
 * a PDF), which are not reused for licence reasons (notes §3.3.6). Text corpora mix ASCII with 2-, 3-
 * and 4-byte UTF-8 so code points straddle DEFLATE blocks, frames and inflater output chunks.
 */
final class AutobahnCorpora {
    private static final int SIZE = 64 * 1024;
    private static final String[] WORDS = {"Habe", "nun", "ach", "Philosophie", "Juristerei", "und", "Medizin",
            "leider", "auch", "Theologie", "durchaus", "studiert", "mit", "heißem", "Bemühn", "Da", "steh", "ich",
            "armer", "Tor", "bin", "so", "klug", "als", "wie", "zuvor", "Größe", "Übel", "ähnlich", "Straße"};
    private static final String[] VALUES = {"Zoë", "naïve", "€ 12,50", "日本語", "Ωμέγα", "😀 ok", "plain", "Ärger"};

    private AutobahnCorpora() {
    }

    static byte[] json() {
        Random r = new Random(121);
        StringBuilder s = new StringBuilder("[");
        for (int i = 0; s.length() < SIZE; i++) {
            s.append("{\"id\":").append(i).append(",\"name\":\"").append(VALUES[r.nextInt(VALUES.length)])
                    .append("\",\"score\":").append(r.nextInt(100000) / 100.0).append(",\"tags\":[\"")
                    .append(WORDS[r.nextInt(WORDS.length)]).append("\",\"").append(WORDS[r.nextInt(WORDS.length)])
                    .append("\"],\"active\":").append(r.nextBoolean()).append("},\n");
        }
        return utf8(s.append("{}]"));
    }

    static byte[] html() {
        Random r = new Random(124);
        StringBuilder s = new StringBuilder("<!DOCTYPE html><html><body>\n");
        while (s.length() < SIZE) {
            s.append("<div class=\"c").append(r.nextInt(40)).append("\"><p>");
            for (int w = 0; w < 12; w++) {
                s.append(WORDS[r.nextInt(WORDS.length)]).append(w % 5 == 4 ? ", " : " ");
            }
            s.append(VALUES[r.nextInt(VALUES.length)]).append("</p></div>\n");
        }
        return utf8(s);
    }

    static byte[] germanText() {
        Random r = new Random(123);
        StringBuilder s = new StringBuilder();
        while (s.length() < SIZE) {
            s.append(WORDS[r.nextInt(WORDS.length)]).append(r.nextInt(9) == 0 ? "!\n" : " ");
        }
        return utf8(s);
    }

    /** A grey-scale gradient with noise: compressible, but not text. */
    static byte[] bitmap() {
        Random r = new Random(122);
        byte[] b = new byte[SIZE];
        for (int i = 0; i < b.length; i++) {
            int x = i % 256;
            int y = i / 256;
            b[i] = (byte) ((x + y) / 2 + r.nextInt(7));
        }
        return b;
    }

    /** PDF-like: object headers in ASCII between runs of random (incompressible) stream bytes. */
    static byte[] pdfLike() {
        Random r = new Random(125);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int obj = 1; out.size() < SIZE; obj++) {
            byte[] head = utf8(new StringBuilder(obj + " 0 obj << /Length 300 /Filter /FlateDecode >>\nstream\n"));
            out.write(head, 0, head.length);
            byte[] stream = new byte[300];
            r.nextBytes(stream);
            out.write(stream, 0, stream.length);
            byte[] tail = utf8(new StringBuilder("\nendstream\nendobj\n"));
            out.write(tail, 0, tail.length);
        }
        return out.toByteArray();
    }

    /**
     * {@code size} bytes from {@code from} (wrapping), for text shortened so that it starts and ends on a
     * code point boundary, as a text message must.
     */
    static byte[] slice(byte[] corpus, int from, int size, boolean text) {
        int start = from % (corpus.length - size);
        int end = start + size;
        if (text) {
            while (start < end && (corpus[start] & 0xC0) == 0x80) {
                start++;
            }
            while (end > start && end < corpus.length && (corpus[end] & 0xC0) == 0x80) {
                end--;
            }
        }
        return Arrays.copyOfRange(corpus, start, end);
    }

    private static byte[] utf8(CharSequence s) {
        return s.toString().getBytes(StandardCharsets.UTF_8);
    }
}
