package dev.tapdeck.protocol.xpress;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.xpress.XpressDecoded.DecompressionRejected;
import dev.tapdeck.protocol.xpress.XpressDecoded.Problem;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Random;

class XpressHuffmanTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int LIMIT = 1 << 20;

    /**
     * [MS-XCA] 3.2, the LZ77+Huffman example: "abc" 100 times. The table gives 'a' and 'b' 3 bits, 'c', the EOF
     * symbol 256 and the match symbol 0x11f (offset 2^1 + 1 bit, long length) 2 bits; the bit stream is
     * a8dc 0000, with the match length bytes ff 2601 (0x126 + 3 = 297) between its words.
     */
    static final byte[] MS_XCA_EXAMPLE = HEX.parseHex("0".repeat(96) + "3023" + "0".repeat(156) + "02" + "0".repeat(28)
            + "20" + "0".repeat(224) + "a8dc0000ff2601");
    static final byte[] ABC_300 = "abc".repeat(100).getBytes(StandardCharsets.US_ASCII);

    @Test
    void theMsXcaExampleDecompresses() {
        assertEquals(263, MS_XCA_EXAMPLE.length);
        assertArrayEquals(ABC_300, decompressed(MS_XCA_EXAMPLE, 300));
    }

    @Test
    void theMsXcaExampleCutAnywhereIsRejectedNotThrown() {
        for (int cut = 0; cut < MS_XCA_EXAMPLE.length - 1; cut++) {
            // the last byte is the high half of the 16-bit length: without it the length is missing
            XpressDecoded d = XpressHuffman.decompress(MS_XCA_EXAMPLE, 0, cut, 300, LIMIT);
            DecompressionRejected r = assertInstanceOf(DecompressionRejected.class, d, "cut at " + cut);
            assertEquals(Problem.TRUNCATED, r.problem(), "cut at " + cut + ": " + r.detail());
        }
    }

    @Test
    void roundTripsThroughTheTestCompressor() {
        Random random = new Random(7);
        byte[] noise = new byte[70_000];
        random.nextBytes(noise);
        byte[] text = ("<Obj RefId=\"0\"><MS><S N=\"Line\">hello world ".repeat(3000)).getBytes(StandardCharsets.UTF_8);
        byte[] skewed = new byte[50_000];
        for (int i = 0; i < skewed.length; i++) {
            skewed[i] = (byte) (random.nextGaussian() * 3); // many symbols, very different frequencies
        }
        byte[][] inputs = {new byte[] {42}, "ab".getBytes(StandardCharsets.US_ASCII), ABC_300, noise, text, skewed,
                new byte[65536], new byte[65537], new byte[300_000], Arrays.copyOf(text, 65536 * 3 + 17)};
        for (byte[] input : inputs) {
            byte[] packed = XpressTestCompressor.compress(input);
            assertArrayEquals(input, decompressed(packed, input.length), input.length + " bytes");
        }
    }

    @Test
    void longMatchesUseTheByteAndSixteenBitLengthForms() {
        for (int n : new int[] {3 + 14 + 1, 3 + 15, 3 + 15 + 254, 3 + 15 + 255, 3 + 15 + 256, 65538}) {
            byte[] input = new byte[n + 1];
            Arrays.fill(input, (byte) 'z'); // one literal, then one match of n bytes one back
            assertArrayEquals(input, decompressed(XpressTestCompressor.compress(input), input.length), n + " bytes");
        }
    }

    @Test
    void anOversubscribedTableIsMalformed() {
        byte[] bad = MS_XCA_EXAMPLE.clone();
        bad[0] = 0x11; // symbols 0 and 1 get 1-bit codes on top of the example's full code
        assertProblem(Problem.MALFORMED, XpressHuffman.decompress(bad, 0, bad.length, 300, LIMIT), "more codes");
    }

    @Test
    void anEmptyTableIsMalformed() {
        byte[] bad = new byte[260];
        assertProblem(Problem.MALFORMED, XpressHuffman.decompress(bad, 0, bad.length, 10, LIMIT), "no symbol");
    }

    @Test
    void aMatchBeforeTheStartIsMalformed() {
        // canonical codes of the example: 'c' 00, EOF 01, match 0x11f 10, 'a' 110, 'b' 111; start with the match
        // (10), offset bit 1 (3 back): word 0xa000, little-endian
        byte[] bad = MS_XCA_EXAMPLE.clone();
        bad[256] = 0x00;
        bad[257] = (byte) 0xa0;
        assertProblem(Problem.MALFORMED, XpressHuffman.decompress(bad, 0, bad.length, 300, LIMIT), "bytes back");
    }

    @Test
    void aMatchPastTheExpectedSizeIsMalformed() {
        assertProblem(Problem.MALFORMED, XpressHuffman.decompress(MS_XCA_EXAMPLE, 0, MS_XCA_EXAMPLE.length, 299, LIMIT),
                "runs past the expected 299 bytes");
    }

    @Test
    void anIncompleteCodeMeetsBitsThatAreNoCode() {
        // only 'a' (1 bit, code 0): a bit stream of ones decodes to nothing
        byte[] in = new byte[256 + 4];
        in[48] = 0x10;
        Arrays.fill(in, 256, 260, (byte) 0xff);
        assertProblem(Problem.MALFORMED, XpressHuffman.decompress(in, 0, in.length, 4, LIMIT), "no code");
        Arrays.fill(in, 256, 260, (byte) 0);
        assertArrayEquals("aaaa".getBytes(StandardCharsets.US_ASCII), decompressed(in, 4));
    }

    @Test
    void theOutputLimitIsNamed() {
        assertProblem(Problem.LIMIT_EXCEEDED, XpressHuffman.decompress(MS_XCA_EXAMPLE, 0, MS_XCA_EXAMPLE.length, 300, 299),
                "maxOutputBytes=299");
    }

    @Test
    void hostileBytesAreReportedNeverThrown() {
        Random random = new Random(11);
        int rejected = 0;
        for (int i = 0; i < 2000; i++) {
            byte[] in = new byte[random.nextInt(400)];
            random.nextBytes(in);
            if (in.length > 256 && random.nextBoolean()) {
                System.arraycopy(MS_XCA_EXAMPLE, 0, in, 0, 256); // a valid table over random bits
            }
            XpressDecoded d = XpressHuffman.decompress(in, 0, in.length, random.nextInt(70_000), LIMIT);
            rejected += d instanceof DecompressionRejected ? 1 : 0;
        }
        assertTrue(rejected > 1000, rejected + " of 2000 random inputs rejected");
    }

    static byte[] decompressed(byte[] in, int size) {
        XpressDecoded d = XpressHuffman.decompress(in, 0, in.length, size, LIMIT);
        if (d instanceof DecompressionRejected r) {
            throw new AssertionError(r.problem() + ": " + r.detail());
        }
        return ((XpressDecoded.Decompressed) d).data();
    }

    static void assertProblem(Problem expected, XpressDecoded d, String detailPart) {
        DecompressionRejected r = assertInstanceOf(DecompressionRejected.class, d);
        assertEquals(expected, r.problem(), r.detail());
        assertTrue(r.detail().contains(detailPart), r.detail());
    }
}
