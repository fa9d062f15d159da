package dev.tapdeck.protocol.xpress;

import dev.tapdeck.protocol.xpress.XpressDecoded.DecompressionRejected;
import dev.tapdeck.protocol.xpress.XpressDecoded.Problem;

/**
 * The LZ77+Huffman decompressor of [MS-XCA] 2.2 (what WinRM calls "xpress", protocol-notes A.9). The input is a
 * series of blocks, each a 256-byte table of 4-bit code lengths for 512 symbols (0-255 literals, 256-511 matches)
 * followed by a bit stream of little-endian 16-bit words read from the most significant bit, with the extra
 * match-length bytes interleaved at the read position; each block yields 65536 bytes of output. The output size
 * must be known beforehand (WinRM's chunk header gives it). Pure and stateless; hostile input gives a
 * {@link DecompressionRejected}, never an exception or an unbounded allocation.
 */
public final class XpressHuffman {
    /** [MS-XCA] 2.1: 512 symbols, 4 bits each. */
    static final int TABLE_BYTES = 256;
    static final int SYMBOLS = 512;
    /** [MS-XCA] 2.1: code lengths are at most 15 bits; the decoding table has one entry per 15-bit prefix. */
    static final int MAX_CODE_BITS = 15;
    /** [MS-XCA] 2.2.4: BlockEnd = OutputPosition + 65536. */
    static final int BLOCK_OUTPUT = 65536;
    private static final int LENGTH_SHIFT = 9;

    private XpressHuffman() {
    }

    /**
     * Decompresses {@code input[offset, offset + length)} into exactly {@code outputSize} bytes.
     *
     * @param maxOutputBytes the largest {@code outputSize} accepted (named in the error when crossed)
     */
    public static XpressDecoded decompress(byte[] input, int offset, int length, int outputSize, int maxOutputBytes) {
        if (outputSize < 0 || outputSize > maxOutputBytes) {
            return new DecompressionRejected(Problem.LIMIT_EXCEEDED, "output of " + outputSize
                    + " bytes crosses maxOutputBytes=" + maxOutputBytes);
        }
        byte[] out = new byte[outputSize];
        DecompressionRejected r = decompressInto(input, offset, length, out, 0, outputSize);
        return r != null ? r : new XpressDecoded.Decompressed(out);
    }

    /**
     * As {@link #decompress}, writing {@code output[outputOffset, outputOffset + outputSize)} in place (matches
     * never reach before {@code outputOffset}); null when it worked.
     */
    public static DecompressionRejected decompressInto(byte[] input, int offset, int length, byte[] output,
                                                       int outputOffset, int outputSize) {
        if (offset < 0 || length < 0 || offset > input.length - length) {
            return new DecompressionRejected(Problem.TRUNCATED, "input range " + offset + "+" + length
                    + " is outside the " + input.length + " bytes given");
        }
        if (outputOffset < 0 || outputSize < 0 || outputOffset > output.length - outputSize) {
            return new DecompressionRejected(Problem.LIMIT_EXCEEDED, "output range " + outputOffset + "+" + outputSize
                    + " is outside the " + output.length + " bytes given");
        }
        return new Run(input, offset, offset + length, output, outputOffset, outputOffset + outputSize).decode();
    }

    /** One decompression: the read position, the bit buffer and the output, as [MS-XCA] 2.2.4 names them. */
    private static final class Run {
        private final byte[] in;
        private final int start;
        private final int end;
        private final byte[] out;
        private final int outStart;
        private final int outEnd;
        private final short[] decodingTable = new short[1 << MAX_CODE_BITS];
        private int currentPosition;
        private int nextBits;
        private int extraBitCount;
        /** Bits of the stream taken so far, and how many of them came from real input (not padding). */
        private long consumedBits;
        private long realBits;
        private int outputPosition;

        Run(byte[] in, int start, int end, byte[] out, int outStart, int outEnd) {
            this.in = in;
            this.start = start;
            this.end = end;
            this.out = out;
            this.outStart = outStart;
            this.outEnd = outEnd;
            this.currentPosition = start;
            this.outputPosition = outStart;
        }

        DecompressionRejected decode() {
            while (outputPosition < outEnd) {
                // [MS-XCA] 2.2.4: each block starts with its Huffman table at CurrentPosition
                if (end - currentPosition < TABLE_BYTES) {
                    return rejected(Problem.TRUNCATED, "a Huffman table needs " + TABLE_BYTES + " bytes, "
                            + (end - currentPosition) + " left with " + (outEnd - outputPosition) + " bytes to produce");
                }
                String invalid = buildDecodingTable(currentPosition);
                if (invalid != null) {
                    return rejected(Problem.MALFORMED, invalid);
                }
                currentPosition += TABLE_BYTES;
                consumedBits = 0;
                realBits = 0;
                nextBits = readWord() << 16;
                nextBits |= readWord();
                extraBitCount = 16;
                DecompressionRejected failed = block(Math.min(outEnd, outputPosition + BLOCK_OUTPUT));
                if (failed != null) {
                    return failed;
                }
            }
            return null;
        }

        /** Decodes symbols until the block's 65536 bytes (or the whole output) are written; null when fine. */
        private DecompressionRejected block(int blockEnd) {
            while (outputPosition < blockEnd) {
                int entry = decodingTable[nextBits >>> (32 - MAX_CODE_BITS)];
                if (entry == 0) {
                    return rejected(Problem.MALFORMED, "bits that are no code of the block's Huffman table");
                }
                int symbol = entry & (SYMBOLS - 1);
                if (!take(entry >>> LENGTH_SHIFT)) {
                    return truncatedBits();
                }
                if (symbol < 256) {
                    out[outputPosition++] = (byte) symbol;
                    continue;
                }
                // [MS-XCA] 2.2.4: a match; symbol 256 with the output complete is the end-of-stream marker,
                // which the loop condition already covers
                int matchLength = symbol & 15;
                int matchOffsetBitLength = (symbol - 256) >>> 4;
                if (matchLength == 15) {
                    long extended = readLittleEndian(1);
                    if (extended == 255) {
                        extended = readLittleEndian(2);
                        if (extended == 0) {
                            extended = readLittleEndian(4);
                        }
                        if (extended >= 0 && extended < 15) {
                            return rejected(Problem.MALFORMED, "a match length of " + extended + " in its long form (at least 15)");
                        }
                        extended -= 15;
                    }
                    if (extended < 0) {
                        return rejected(Problem.TRUNCATED, "the input ends inside a match length");
                    }
                    if (extended > outEnd - outStart) {
                        return rejected(Problem.MALFORMED, "a match of " + (extended + 18) + " bytes, more than the whole output");
                    }
                    matchLength = (int) extended + 15;
                }
                matchLength += 3;
                int matchOffset = matchOffsetBitLength == 0 ? 0 : nextBits >>> (32 - matchOffsetBitLength);
                matchOffset += 1 << matchOffsetBitLength;
                if (!take(matchOffsetBitLength)) {
                    return truncatedBits();
                }
                if (matchOffset > outputPosition - outStart) {
                    return rejected(Problem.MALFORMED, "a match " + matchOffset + " bytes back");
                }
                if (matchLength > outEnd - outputPosition) {
                    return rejected(Problem.MALFORMED, "a match of " + matchLength + " bytes runs past the expected "
                            + (outEnd - outStart) + " bytes");
                }
                copyMatch(matchOffset, matchLength);
            }
            return null;
        }

        /** Byte by byte where source and target overlap: a match may repeat the bytes it is writing. */
        private void copyMatch(int offset, int length) {
            int from = outputPosition - offset;
            if (offset >= length) {
                System.arraycopy(out, from, out, outputPosition, length);
            } else {
                for (int i = 0; i < length; i++) {
                    out[outputPosition + i] = out[from + i];
                }
            }
            outputPosition += length;
        }

        /** Drops {@code bits} from the buffer and refills one word when fewer than 16 remain; false past the input. */
        private boolean take(int bits) {
            nextBits <<= bits;
            extraBitCount -= bits;
            consumedBits += bits;
            if (extraBitCount < 0) {
                nextBits |= readWord() << -extraBitCount;
                extraBitCount += 16;
            }
            return consumedBits <= realBits;
        }

        /** The next 16-bit little-endian word; past the input, zero (a decoder prefetches up to 32 bits). */
        private int readWord() {
            int p = currentPosition;
            currentPosition += 2;
            if (p + 2 > end) {
                return 0;
            }
            realBits += 16;
            return (in[p] & 0xff) | (in[p + 1] & 0xff) << 8;
        }

        /** An unsigned little-endian value of 1, 2 or 4 bytes at the read position; -1 when the input ends first. */
        private long readLittleEndian(int bytes) {
            if (end - currentPosition < bytes) {
                currentPosition = end;
                return -1;
            }
            long v = 0;
            for (int i = 0; i < bytes; i++) {
                v |= (long) (in[currentPosition + i] & 0xff) << (8 * i);
            }
            currentPosition += bytes;
            return v;
        }

        /**
         * [MS-XCA] 2.2.3: canonical codes, shorter first and by symbol value within one length; each symbol fills
         * the 2^(15 - length) table entries its code prefixes. Returns why the table is invalid, else null.
         */
        private String buildDecodingTable(int at) {
            java.util.Arrays.fill(decodingTable, (short) 0);
            int next = 0;
            int used = 0;
            for (int bits = 1; bits <= MAX_CODE_BITS; bits++) {
                int span = 1 << (MAX_CODE_BITS - bits);
                for (int symbol = 0; symbol < SYMBOLS; symbol++) {
                    int b = in[at + symbol / 2] & 0xff;
                    if (((symbol & 1) == 0 ? b & 0x0f : b >>> 4) != bits) {
                        continue;
                    }
                    if (next + span > decodingTable.length) {
                        return "the Huffman table at input offset " + (at - start) + " has more codes than 15 bits hold";
                    }
                    java.util.Arrays.fill(decodingTable, next, next + span, (short) (bits << LENGTH_SHIFT | symbol));
                    next += span;
                    used++;
                }
            }
            return used == 0 ? "the Huffman table at input offset " + (at - start) + " has no symbol" : null;
        }

        private DecompressionRejected truncatedBits() {
            return rejected(Problem.TRUNCATED, "the bit stream ends with " + (outEnd - outputPosition)
                    + " of " + (outEnd - outStart) + " bytes still to produce");
        }

        private DecompressionRejected rejected(Problem problem, String detail) {
            return new DecompressionRejected(problem, detail + " (input offset " + (Math.min(currentPosition, end) - start)
                    + ", output position " + (outputPosition - outStart) + ")");
        }
    }
}
