package dev.tapdeck.protocol.xpress;

/**
 * What a decompression gave: the bytes, or why there are none. Hostile input is never thrown; it comes back
 * as {@link DecompressionRejected} with the problem and where it was found.
 */
public sealed interface XpressDecoded permits XpressDecoded.Decompressed, XpressDecoded.DecompressionRejected {

    /** Why a compressed input was not decoded. */
    enum Problem {
        /** The input ends before the data it announces (a chunk header, a chunk, a Huffman table, bits, a length). */
        TRUNCATED,
        /** The bytes break the format: an invalid Huffman table or code, a match before the start or past the end. */
        MALFORMED,
        /** The output would cross the configured limit; the limit is named in the detail. */
        LIMIT_EXCEEDED
    }

    /** @param data the decompressed bytes; callers must not modify them */
    record Decompressed(byte[] data) implements XpressDecoded {
    }

    /** @param detail what was wrong and where (offsets into the input) */
    record DecompressionRejected(Problem problem, String detail) implements XpressDecoded {
    }
}
