package dev.tapdeck.protocol.xpress;

import static dev.tapdeck.protocol.xpress.XpressHuffmanTest.ABC_300;
import static dev.tapdeck.protocol.xpress.XpressHuffmanTest.MS_XCA_EXAMPLE;
import static dev.tapdeck.protocol.xpress.XpressHuffmanTest.assertProblem;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;

import dev.tapdeck.protocol.xpress.XpressDecoded.Problem;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import java.util.Random;

/** The [MS-WSMV] chunk framing of compressed rsp:Stream data (protocol-notes A.9), sizes one less on the wire. */
class CompressedStreamTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final int LIMIT = 1 << 20;

    @Test
    void aStoredChunkIsTakenAsIs() {
        // OriginalSize 5 and CompressedSize 5, both sent as 4: equal sizes mean stored
        assertArrayEquals("hello".getBytes(StandardCharsets.US_ASCII), decompressed(HEX.parseHex("04000400" + "68656c6c6f")));
    }

    @Test
    void storedAndCompressedChunksFollowEachOther() {
        // stored "hi", then the MS-XCA example: 300 bytes (0x012b + 1) from 263 (0x0106 + 1), then a 1-byte stored chunk
        byte[] framed = HEX.parseHex("01000100" + "6869" + "2b010601" + HEX.formatHex(MS_XCA_EXAMPLE) + "00000000" + "21");
        assertArrayEquals(("hi" + "abc".repeat(100) + "!").getBytes(StandardCharsets.US_ASCII), decompressed(framed));
    }

    @Test
    void roundTripsThroughTheTestFramer() {
        Random random = new Random(3);
        byte[] noise = new byte[100_000];
        random.nextBytes(noise);
        byte[] text = "<S N=\"Line\">PSRP output</S>".repeat(10_000).getBytes(StandardCharsets.UTF_8);
        for (byte[] input : new byte[][] {ABC_300, noise, text, new byte[65536], new byte[65537]}) {
            assertArrayEquals(input, decompressed(XpressTestCompressor.frame(input)), input.length + " bytes");
        }
    }

    @Test
    void aFullSizeChunkUsesTheLargestHeader() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] zeros = new byte[65536];
        XpressTestCompressor.chunk(out, zeros.length, XpressTestCompressor.compress(zeros));
        byte[] framed = out.toByteArray();
        assertArrayEquals(HEX.parseHex("ffff"), java.util.Arrays.copyOf(framed, 2));
        assertArrayEquals(zeros, decompressed(framed));
    }

    @Test
    void truncatedFramingIsReportedWithItsOffset() {
        assertProblem(Problem.TRUNCATED, CompressedStream.decompress(HEX.parseHex("040004"), LIMIT), "a chunk header has 4");
        assertProblem(Problem.TRUNCATED, CompressedStream.decompress(HEX.parseHex("04000400" + "68656c6c"), LIMIT),
                "announces 5 bytes, 4 follow");
        assertProblem(Problem.TRUNCATED, CompressedStream.decompress(HEX.parseHex("01000100" + "6869" + "00"), LIMIT),
                "chunk 1 at offset 6");
    }

    @Test
    void everyCutOfAFramedStreamIsRejectedNotThrown() {
        byte[] framed = XpressTestCompressor.frame(("abc".repeat(100) + "xyz".repeat(200)).getBytes(StandardCharsets.US_ASCII));
        for (int cut = 1; cut < framed.length; cut++) {
            assertInstanceOf(XpressDecoded.DecompressionRejected.class,
                    CompressedStream.decompress(java.util.Arrays.copyOf(framed, cut), LIMIT), "cut at " + cut);
        }
    }

    @Test
    void aBadCompressedChunkNamesTheChunk() {
        byte[] bad = MS_XCA_EXAMPLE.clone();
        bad[0] = 0x11;
        byte[] framed = HEX.parseHex("01000100" + "6869" + "2b010601" + HEX.formatHex(bad));
        assertProblem(Problem.MALFORMED, CompressedStream.decompress(framed, LIMIT), "chunk 1 at offset 6 (263 bytes for 300)");
    }

    @Test
    void theStreamLimitIsNamedBeforeAnythingIsDecompressed() {
        byte[] framed = XpressTestCompressor.frame(new byte[200_000]);
        // chunks 0 and 1 give 131072 bytes; chunk 2 crosses the limit
        assertProblem(Problem.LIMIT_EXCEEDED, CompressedStream.decompress(framed, 150_000),
                "chunk 2 at offset");
        assertProblem(Problem.LIMIT_EXCEEDED, CompressedStream.decompress(framed, 150_000),
                "maxDecompressedBytes=150000");
    }

    private static byte[] decompressed(byte[] framed) {
        XpressDecoded d = CompressedStream.decompress(framed, LIMIT);
        if (d instanceof XpressDecoded.DecompressionRejected r) {
            throw new AssertionError(r.problem() + ": " + r.detail());
        }
        return ((XpressDecoded.Decompressed) d).data();
    }
}
