package dev.tapdeck.protocol.xpress;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.PriorityQueue;

/**
 * A small, independent LZ77+Huffman compressor ([MS-XCA] 2.1) for tests and benchmarks: greedy matches from a
 * short hash chain, one length-limited canonical Huffman table per 65536 output bytes, the EOF symbol at the end.
 * Written from the format description, not from the decompressor: round trips through both test each other.
 * Also frames data as WinRM does ([MS-WSMV] chunk headers, sizes stored one less).
 */
public final class XpressTestCompressor {
    private static final int MIN_MATCH = 3;
    private static final int MAX_MATCH = 65538;
    private static final int MAX_OFFSET = 65535;
    private static final int CHAIN = 16;

    private XpressTestCompressor() {
    }

    /** WinRM framing: 64 KiB chunks, each compressed, or stored when compressing does not make it smaller. */
    public static byte[] frame(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int at = 0; at < data.length; at += CompressedStream.MAX_CHUNK_BYTES) {
            byte[] chunk = Arrays.copyOfRange(data, at, Math.min(data.length, at + CompressedStream.MAX_CHUNK_BYTES));
            byte[] packed = compress(chunk);
            boolean stored = packed.length >= chunk.length;
            chunk(out, chunk.length, stored ? chunk : packed);
        }
        return out.toByteArray();
    }

    /** One chunk header (sizes one less, [MS-WSMV]) and its bytes. */
    public static void chunk(ByteArrayOutputStream out, int originalSize, byte[] payload) {
        le16(out, originalSize - 1);
        le16(out, payload.length - 1);
        out.writeBytes(payload);
    }

    /** The LZ77+Huffman bytes of {@code data} (any size; one Huffman block per 65536 output bytes). */
    public static byte[] compress(byte[] data) {
        List<int[]> tokens = tokens(data); // {literal} or {length, offset}
        BitWriter w = new BitWriter();
        int i = 0;
        int produced = 0;
        while (i < tokens.size() || produced == 0) {
            int blockEnd = produced + 65536;
            int j = i;
            int p = produced;
            while (j < tokens.size() && p < blockEnd) { // [MS-XCA] 2.2.4: the block ends once its output passed 65536
                p += tokens.get(j).length == 1 ? 1 : tokens.get(j)[0];
                j++;
            }
            boolean last = j == tokens.size();
            int[] freq = new int[512];
            for (int k = i; k < j; k++) {
                freq[symbol(tokens.get(k))]++;
            }
            if (last) {
                freq[256]++;
            }
            int[] lengths = codeLengths(freq);
            int[] codes = canonicalCodes(lengths);
            w.table(lengths);
            for (int k = i; k < j; k++) {
                int[] t = tokens.get(k);
                int s = symbol(t);
                w.bits(codes[s], lengths[s]);
                w.endStep();
                if (t.length == 2) {
                    int l = t[0] - MIN_MATCH;
                    if (l >= 15) {
                        if (l - 15 < 255) {
                            w.raw(l - 15);
                        } else {
                            w.raw(255);
                            w.raw(l & 0xff);
                            w.raw(l >>> 8);
                        }
                    }
                    int bitLength = 31 - Integer.numberOfLeadingZeros(t[1]);
                    w.bits(t[1] - (1 << bitLength), bitLength);
                    w.endStep();
                }
            }
            if (last) {
                w.bits(codes[256], lengths[256]);
                w.endStep();
            }
            i = j;
            produced = p;
            if (last) {
                break;
            }
        }
        return w.toByteArray();
    }

    private static int symbol(int[] t) {
        if (t.length == 1) {
            return t[0];
        }
        int l = t[0] - MIN_MATCH;
        int bitLength = 31 - Integer.numberOfLeadingZeros(t[1]);
        return 256 + (bitLength << 4) + Math.min(l, 15);
    }

    /** Greedy LZ77 with a hash of three bytes and a short chain of earlier positions. */
    private static List<int[]> tokens(byte[] d) {
        List<int[]> out = new ArrayList<>();
        int[] head = new int[1 << 15];
        Arrays.fill(head, -1);
        int[] prev = new int[d.length];
        int i = 0;
        while (i < d.length) {
            int bestLen = 0;
            int bestOff = 0;
            if (i + MIN_MATCH <= d.length) {
                int h = hash(d, i);
                int c = head[h];
                for (int n = 0; n < CHAIN && c >= 0 && i - c <= MAX_OFFSET; n++, c = prev[c]) {
                    int len = 0;
                    int max = Math.min(MAX_MATCH, d.length - i);
                    while (len < max && d[c + len] == d[i + len]) {
                        len++;
                    }
                    if (len > bestLen) {
                        bestLen = len;
                        bestOff = i - c;
                    }
                }
            }
            int advance = bestLen >= MIN_MATCH ? bestLen : 1;
            out.add(bestLen >= MIN_MATCH ? new int[] {bestLen, bestOff} : new int[] {d[i] & 0xff});
            for (int k = 0; k < advance; k++, i++) {
                if (i + MIN_MATCH <= d.length) {
                    int h = hash(d, i);
                    prev[i] = head[h];
                    head[h] = i;
                }
            }
        }
        return out;
    }

    private static int hash(byte[] d, int i) {
        int v = (d[i] & 0xff) | (d[i + 1] & 0xff) << 8 | (d[i + 2] & 0xff) << 16;
        return (v * 0x9E3779B1) >>> 17;
    }

    /** Huffman code lengths at most 15 bits (frequencies halved until they fit); at least two symbols coded. */
    static int[] codeLengths(int[] freq) {
        int[] f = freq.clone();
        if (Arrays.stream(f).filter(x -> x > 0).count() < 2) {
            f[f[0] > 0 ? 1 : 0] = 1;
        }
        while (true) {
            int[] lengths = huffman(f);
            if (Arrays.stream(lengths).max().orElse(0) <= 15) {
                return lengths;
            }
            for (int s = 0; s < f.length; s++) {
                f[s] = f[s] == 0 ? 0 : (f[s] >> 1) | 1;
            }
        }
    }

    private static int[] huffman(int[] f) {
        // nodes: 0..511 leaves, then inner nodes; parent links give each leaf its depth
        int[] parent = new int[1024];
        long[] weight = new long[1024];
        PriorityQueue<Integer> q = new PriorityQueue<>((a, b) -> weight[a] != weight[b]
                ? Long.compare(weight[a], weight[b]) : Integer.compare(a, b));
        for (int s = 0; s < 512; s++) {
            if (f[s] > 0) {
                weight[s] = f[s];
                q.add(s);
            }
        }
        int next = 512;
        while (q.size() > 1) {
            int a = q.poll();
            int b = q.poll();
            weight[next] = weight[a] + weight[b];
            parent[a] = next;
            parent[b] = next;
            q.add(next++);
        }
        int root = q.poll();
        int[] lengths = new int[512];
        for (int s = 0; s < 512; s++) {
            if (f[s] > 0) {
                for (int n = s; n != root; n = parent[n]) {
                    lengths[s]++;
                }
            }
        }
        return lengths;
    }

    /** [MS-XCA] 2.1.4.2: canonical codes, by length then symbol value. */
    static int[] canonicalCodes(int[] lengths) {
        int[] codes = new int[lengths.length];
        int code = 0;
        for (int bits = 1; bits <= 15; bits++) {
            for (int s = 0; s < lengths.length; s++) {
                if (lengths[s] == bits) {
                    codes[s] = code++;
                }
            }
            code <<= 1;
        }
        return codes;
    }

    private static void le16(ByteArrayOutputStream out, int v) {
        out.write(v & 0xff);
        out.write(v >>> 8 & 0xff);
    }

    /**
     * The bit stream as the decoder reads it: 16-bit words, most significant bit first; the decoder holds two
     * words ahead, so the slot of a word is reserved when the bits before it start to be used, and the raw
     * match-length bytes land after the words reserved so far.
     */
    private static final class BitWriter {
        private byte[] buf = new byte[1024];
        private int size;
        private int[] words = new int[64];
        private int wordCount;
        private int wordBase;
        private long bitCount;

        void table(int[] lengths) {
            for (int s = 0; s < 512; s += 2) {
                raw(lengths[s] | lengths[s + 1] << 4);
            }
            wordBase = wordCount;
            bitCount = 0;
            reserve();
            reserve();
        }

        void bits(int value, int n) {
            for (int b = n - 1; b >= 0; b--, bitCount++) {
                if ((value >>> b & 1) != 0) {
                    int word = words[wordBase + (int) (bitCount >>> 4)];
                    int bit = 15 - (int) (bitCount & 15);
                    buf[word + (bit >>> 3)] |= (byte) (1 << (bit & 7));
                }
            }
        }

        void endStep() {
            long needed = Math.max(2, (bitCount + 15) / 16 + 1);
            while (wordCount - wordBase < needed) {
                reserve();
            }
        }

        void raw(int b) {
            ensure(1);
            buf[size++] = (byte) b;
        }

        private void reserve() {
            ensure(2);
            if (wordCount == words.length) {
                words = Arrays.copyOf(words, wordCount * 2);
            }
            words[wordCount++] = size;
            size += 2;
        }

        private void ensure(int n) {
            if (size + n > buf.length) {
                buf = Arrays.copyOf(buf, Math.max(buf.length * 2, size + n));
            }
        }

        byte[] toByteArray() {
            return Arrays.copyOf(buf, size);
        }
    }
}
