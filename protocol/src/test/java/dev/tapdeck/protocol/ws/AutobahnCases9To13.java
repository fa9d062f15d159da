package dev.tapdeck.protocol.ws;

import static dev.tapdeck.protocol.ws.AutobahnTable.filled;
import static dev.tapdeck.protocol.ws.AutobahnTable.repeat;

/**
 * Autobahn categories 9, 10, 12 and 13. Scaled for a unit test on 2 cores (the decoder holds no state
 * that grows with these sizes, so the property under test is unchanged):
 * <ul>
 * <li>9.1/9.2: 64 KiB-16 MiB messages divided by 64 (1 KiB-256 KiB);</li>
 * <li>9.3/9.4: the 4 MiB message and its 64 B-4 MiB fragments divided by 64 (64 KiB in 1 B-64 KiB fragments);</li>
 * <li>9.5/9.6: 1 MiB divided by 16 (64 KiB), TCP chop sizes 64-2048 kept;</li>
 * <li>9.7/9.8: 100 messages instead of 1000, sizes kept;</li>
 * <li>12/13: 10 messages instead of 1000, message and fragment sizes divided by 16, from synthetic
 * corpora ({@link AutobahnCorpora}) instead of Autobahn's files; Java's Deflater always uses a 15-bit
 * window, so the 9-bit window of 13.3/13.5/13.7 is negotiated but not produced (DecoderBehaviourTest
 * has a real 9-bit vector).</li>
 * </ul>
 */
final class AutobahnCases9To13 {
    private static final String TEXT_UNIT = "BAsd7&jh23";
    // 12.x.1-12.x.18: (message size, auto-fragment size), as in case12_x_x.py
    private static final int[][] COMPRESSION_GRID = {
            {16, 0}, {64, 0}, {256, 0}, {1024, 0}, {4096, 0}, {8192, 0}, {16384, 0}, {32768, 0}, {65536, 0}, {131072, 0},
            {8192, 256}, {16384, 256}, {32768, 256}, {65536, 256}, {131072, 256}, {131072, 1024}, {131072, 4096}, {131072, 32768}};
    private static final int SCALE = 16;
    private static final int MESSAGES = 10;

    private AutobahnCases9To13() {
    }

    static void register(AutobahnTable t) {
        t.none("9.1.1", (w, r) -> w.text(repeat(TEXT_UNIT, 1024)));
        t.none("9.1.2", (w, r) -> w.text(repeat(TEXT_UNIT, 4 * 1024)));
        t.none("9.1.3", (w, r) -> w.text(repeat(TEXT_UNIT, 16 * 1024)));
        t.none("9.1.4", (w, r) -> w.text(repeat(TEXT_UNIT, 64 * 1024)));
        t.none("9.1.5", (w, r) -> w.text(repeat(TEXT_UNIT, 128 * 1024)));
        t.none("9.1.6", (w, r) -> w.text(repeat(TEXT_UNIT, 256 * 1024)));
        t.none("9.2.1", (w, r) -> w.binary(filled(0xFE, 1024)));
        t.none("9.2.2", (w, r) -> w.binary(filled(0xFE, 4 * 1024)));
        t.none("9.2.3", (w, r) -> w.binary(filled(0xFE, 16 * 1024)));
        t.none("9.2.4", (w, r) -> w.binary(filled(0xFE, 64 * 1024)));
        t.none("9.2.5", (w, r) -> w.binary(filled(0xFE, 128 * 1024)));
        t.none("9.2.6", (w, r) -> w.binary(filled(0xFE, 256 * 1024)));
        int[] fragments = {1, 4, 16, 64, 256, 1024, 4096, 16384, 65536};
        for (int i = 0; i < fragments.length; i++) {
            int f = fragments[i];
            t.none("9.3." + (i + 1), (w, r) -> w.message(Opcode.TEXT, repeat(TEXT_UNIT, 64 * 1024), f));
            t.none("9.4." + (i + 1), (w, r) -> w.message(Opcode.BINARY, filled(0xFE, 64 * 1024), f));
        }
        int[] chops = {64, 128, 256, 512, 1024, 2048};
        for (int i = 0; i < chops.length; i++) {
            int chop = chops[i];
            t.none("9.5." + (i + 1), (w, r) -> w.text(repeat(TEXT_UNIT, 64 * 1024)));
            t.none("9.6." + (i + 1), (w, r) -> w.binary(filled(0xFE, 64 * 1024)));
            t.change("9.5." + (i + 1), c -> c.withChops(chop));
            t.change("9.6." + (i + 1), c -> c.withChops(chop));
        }
        int[] rttSizes = {0, 16, 64, 256, 1024, 4096};
        for (int i = 0; i < rttSizes.length; i++) {
            int n = rttSizes[i];
            t.none("9.7." + (i + 1), (w, r) -> many(w, Opcode.TEXT, repeat("*", n)));
            t.none("9.8." + (i + 1), (w, r) -> many(w, Opcode.BINARY, filled(0xFE, n)));
        }
        t.none("10.1.1", (w, r) -> w.message(Opcode.TEXT, repeat("*", 65536), 1300));

        String defaultOffer = "permessage-deflate; client_no_context_takeover; client_max_window_bits";
        AutobahnCase.Offer plain = new AutobahnCase.Offer(defaultOffer, "permessage-deflate");
        compression(t, "12.1", Opcode.TEXT, AutobahnCorpora.json(), plain);
        compression(t, "12.2", Opcode.BINARY, AutobahnCorpora.bitmap(), plain);
        compression(t, "12.3", Opcode.BINARY, AutobahnCorpora.germanText(), plain);
        compression(t, "12.4", Opcode.TEXT, AutobahnCorpora.html(), plain);
        compression(t, "12.5", Opcode.BINARY, AutobahnCorpora.pdfLike(), plain);
        compression(t, "13.1", Opcode.TEXT, AutobahnCorpora.json(), offer(false, 0));
        compression(t, "13.2", Opcode.TEXT, AutobahnCorpora.json(), offer(true, 0));
        compression(t, "13.3", Opcode.TEXT, AutobahnCorpora.json(), offer(false, 9));
        compression(t, "13.4", Opcode.TEXT, AutobahnCorpora.json(), offer(false, 15));
        compression(t, "13.5", Opcode.TEXT, AutobahnCorpora.json(), offer(true, 9));
        compression(t, "13.6", Opcode.TEXT, AutobahnCorpora.json(), offer(true, 15));
        // 13.7: three offers [(True, 9), (True, 0), (False, 0)]; the server accepts the first
        AutobahnCase.Offer first = offer(true, 9);
        compression(t, "13.7", Opcode.TEXT, AutobahnCorpora.json(), new AutobahnCase.Offer(
                first.request() + ", " + offer(true, 0).request() + ", " + offer(false, 0).request(), first.response()));
    }

    private static void many(WireScript w, int opcode, byte[] payload) {
        for (int i = 0; i < 100; i++) {
            w.message(opcode, payload, 0);
        }
    }

    private static void compression(AutobahnTable t, String sub, int opcode, byte[] corpus, AutobahnCase.Offer offer) {
        for (int i = 0; i < COMPRESSION_GRID.length; i++) {
            int size = Math.max(1, COMPRESSION_GRID[i][0] / SCALE);
            int fragment = COMPRESSION_GRID[i][1] / SCALE;
            String id = sub + "." + (i + 1);
            t.none(id, (w, r) -> {
                for (int m = 0; m < MESSAGES; m++) {
                    w.compressed(opcode, AutobahnCorpora.slice(corpus, m * size * 7, size, opcode == Opcode.TEXT), fragment);
                }
            });
            t.change(id, c -> c.withOffer(offer));
        }
    }

    /** Autobahn's PerMessageDeflateOffer / OfferAccept with (requestNoContextTakeover, requestMaxWindowBits). */
    private static AutobahnCase.Offer offer(boolean noContextTakeover, int windowBits) {
        String server = (noContextTakeover ? "; server_no_context_takeover" : "")
                + (windowBits != 0 ? "; server_max_window_bits=" + windowBits : "");
        String client = (noContextTakeover ? "; client_no_context_takeover" : "")
                + (windowBits != 0 ? "; client_max_window_bits=" + windowBits : "");
        return new AutobahnCase.Offer("permessage-deflate; client_no_context_takeover; client_max_window_bits" + server,
                "permessage-deflate" + server + client);
    }
}
