package dev.tapdeck.protocol.xpress;

import dev.tapdeck.protocol.xpress.XpressDecoded.DecompressionRejected;
import dev.tapdeck.protocol.xpress.XpressDecoded.Problem;

/**
 * The compression framing of {@code rsp:Stream} data when the shell's Create carried {@code rsp:CompressionType}
 * xpress ([MS-WSMV] 3.1.4.1.31.6, note 134; protocol-notes A.9): after base64, the data is a run of chunks, each
 * <pre>
 * u16 LE  OriginalSize - 1     the chunk's uncompressed size, at most 65536
 * u16 LE  CompressedSize - 1   the size of the data that follows
 * data    stored as is when the two sizes are equal, else [MS-XCA] LZ77+Huffman
 * </pre>
 * Both sizes travel one less than they are: a protocol bug Windows keeps ({@code PowerShell/psl-omi-provider}
 * {@code BufferManipulation.c}, {@code CompressionHeader}). Each chunk is compressed on its own, so matches never
 * reach into an earlier chunk. Pure and stateless; hostile input is reported, never thrown.
 */
public final class CompressedStream {
    /** The chunk header: OriginalSize and CompressedSize, two little-endian USHORTs. */
    public static final int HEADER_BYTES = 4;
    /** The largest chunk a USHORT size (stored one less) can describe. */
    public static final int MAX_CHUNK_BYTES = 65536;
    /** Default bound of the decompressed bytes of one stream (an 8 MiB envelope can expand about 250 times). */
    public static final int DEFAULT_MAX_DECOMPRESSED_BYTES = 16 * 1024 * 1024;

    private CompressedStream() {
    }

    /** Decompresses one stream's data, chunk by chunk, into at most {@code maxDecompressedBytes} bytes. */
    public static XpressDecoded decompress(byte[] data, int maxDecompressedBytes) {
        // first pass: the headers alone give the output size (allocated once, after the limit is checked)
        long total = 0;
        int chunks = 0;
        for (int pos = 0; pos < data.length; chunks++) {
            if (data.length - pos < HEADER_BYTES) {
                return new DecompressionRejected(Problem.TRUNCATED, "chunk " + chunks + " at offset " + pos + ": "
                        + (data.length - pos) + " bytes left, a chunk header has " + HEADER_BYTES);
            }
            int compressedSize = compressedSize(data, pos);
            if (compressedSize > data.length - pos - HEADER_BYTES) {
                return new DecompressionRejected(Problem.TRUNCATED, "chunk " + chunks + " at offset " + pos + " announces "
                        + compressedSize + " bytes, " + (data.length - pos - HEADER_BYTES) + " follow");
            }
            total += originalSize(data, pos);
            if (total > maxDecompressedBytes) {
                return new DecompressionRejected(Problem.LIMIT_EXCEEDED, "chunk " + chunks + " at offset " + pos
                        + " takes the stream past maxDecompressedBytes=" + maxDecompressedBytes);
            }
            pos += HEADER_BYTES + compressedSize;
        }
        byte[] out = new byte[(int) total];
        int written = 0;
        int pos = 0;
        for (int chunk = 0; chunk < chunks; chunk++) {
            int originalSize = originalSize(data, pos);
            int compressedSize = compressedSize(data, pos);
            int at = pos + HEADER_BYTES;
            if (originalSize == compressedSize) {
                // equal sizes: the compressor gained nothing and sent the chunk as it was
                System.arraycopy(data, at, out, written, originalSize);
            } else {
                DecompressionRejected r = XpressHuffman.decompressInto(data, at, compressedSize, out, written, originalSize);
                if (r != null) {
                    return new DecompressionRejected(r.problem(), "chunk " + chunk + " at offset " + pos + " ("
                            + compressedSize + " bytes for " + originalSize + "): " + r.detail());
                }
            }
            written += originalSize;
            pos = at + compressedSize;
        }
        return new XpressDecoded.Decompressed(out);
    }

    /** [MS-WSMV] note 134 (protocol-notes A.9): the size on the wire is one less than the real one. */
    private static int originalSize(byte[] data, int pos) {
        return ((data[pos] & 0xff) | (data[pos + 1] & 0xff) << 8) + 1;
    }

    private static int compressedSize(byte[] data, int pos) {
        return ((data[pos + 2] & 0xff) | (data[pos + 3] & 0xff) << 8) + 1;
    }
}
