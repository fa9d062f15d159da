package dev.tapdeck.protocol.psrp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.rules.Violation;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class FragmentDecoderTest {
    private static final HexFormat HEX = HexFormat.of();

    /** protocol-notes B.1: the first 61 bytes of the Command Arguments of test_client_fetch_file.yml. */
    static final String FETCH_FILE_ARGUMENTS_61 = "0000000000000003" + "0000000000000000" + "03" + "00000f08"
            + "02000000" + "06100200" + "66a87684debd1646a461550ac92b1c20" + "fc29e8134d38c84188bf933c03fc2c53";

    @Test
    void workedExampleHeaderReadsBigEndianAndReportsTheTruncatedBlob() {
        byte[] bytes = HEX.parseHex(FETCH_FILE_ARGUMENTS_61);
        assertEquals(61, bytes.length);

        FragmentsDecoded decoded = FragmentDecoder.decode(bytes);

        // only 40 of the 3848 blob bytes are present: no fragment, one truncation naming the BlobLength
        assertEquals(List.of(), decoded.fragments());
        assertEquals(1, decoded.violations().size());
        Violation v = decoded.violations().get(0);
        assertEquals(PsrpRule.FRAGMENT_TRUNCATED, v.rule());
        assertEquals("ObjectId 3 FragmentId 0", v.subject());
        assertTrue(v.detail().contains("BlobLength 3848"), v.detail());
        assertEquals(61, decoded.undecodedBytes());
    }

    @Test
    void wholeFragmentsAgreesWithDecodeAtEveryCutAndOnNoise() {
        byte[] two = Fragmenter.encode(List.of(new Fragment(3, 0, true, false, new byte[5]),
                new Fragment(3, 1, false, true, new byte[0])));
        assertTrue(FragmentDecoder.wholeFragments(two));
        for (int cut = 0; cut <= two.length; cut++) {
            byte[] part = java.util.Arrays.copyOf(two, cut);
            assertEquals(whole(part), FragmentDecoder.wholeFragments(part), "cut at " + cut);
        }
        byte[] flagged = two.clone();
        flagged[16] = 0x07; // a reserved flag bit
        assertFalse(FragmentDecoder.wholeFragments(flagged));
        assertEquals(whole(flagged), FragmentDecoder.wholeFragments(flagged));
        byte[] oversized = HEX.parseHex("0000000000000001" + "0000000000000000" + "03" + "00008001");
        oversized = java.util.Arrays.copyOf(oversized, 21 + 0x8001);
        assertFalse(FragmentDecoder.wholeFragments(oversized), "BlobLength over 32768");
        assertEquals(whole(oversized), FragmentDecoder.wholeFragments(oversized));
        Random random = new Random(11);
        for (int i = 0; i < 2000; i++) {
            byte[] noise = new byte[random.nextInt(64)];
            random.nextBytes(noise);
            if (noise.length > 20 && random.nextBoolean()) {
                noise[16] = 3;
                noise[17] = noise[18] = noise[19] = 0;
                noise[20] = (byte) (noise.length - 21);
            }
            assertEquals(whole(noise), FragmentDecoder.wholeFragments(noise), HEX.formatHex(noise));
        }
    }

    private static boolean whole(byte[] payload) {
        FragmentsDecoded d = FragmentDecoder.decode(payload);
        return d.violations().isEmpty() && !d.fragments().isEmpty();
    }

    @Test
    void workedExampleWithItsBlobDecodesToOneStartEndFragment() {
        byte[] header = HEX.parseHex(FETCH_FILE_ARGUMENTS_61.substring(0, 42));
        byte[] blob = new byte[3848];
        System.arraycopy(HEX.parseHex(FETCH_FILE_ARGUMENTS_61.substring(42)), 0, blob, 0, 40);
        byte[] bytes = concat(header, blob);

        FragmentsDecoded decoded = FragmentDecoder.decode(bytes);

        assertEquals(List.of(new Fragment(3, 0, true, true, blob)), decoded.fragments());
        assertEquals(List.of(), decoded.violations());
        assertEquals(0, decoded.undecodedBytes());
    }

    @Test
    void encodesTheHeaderInNetworkByteOrder() {
        Fragment f = new Fragment(0x0102030405060708L, 0x1112131415161718L, true, false, new byte[] {(byte) 0xAA});
        assertEquals("0102030405060708" + "1112131415161718" + "01" + "00000001" + "aa", HEX.formatHex(Fragmenter.encode(f)));
        assertEquals("03", HEX.formatHex(new byte[] {(byte) new Fragment(1, 0, true, true, new byte[0]).flags()}));
    }

    @Test
    void unsignedIdsAboveLongMaxSurviveARoundTrip() {
        Fragment f = new Fragment(-1L, -2L, false, true, new byte[] {1, 2});
        FragmentsDecoded decoded = FragmentDecoder.decode(Fragmenter.encode(f));
        assertEquals(List.of(f), decoded.fragments());
        assertEquals("Fragment[ObjectId=18446744073709551615, FragmentId=18446744073709551614, E, BlobLength=2]",
                decoded.fragments().get(0).toString());
    }

    @Test
    void everyTruncationOffsetYieldsTheWholeFragmentsBeforeItAndOneViolation() {
        List<Fragment> fragments = List.of(
                new Fragment(1, 0, true, true, bytes(7, 1)),
                new Fragment(2, 0, true, false, bytes(5, 2)),
                new Fragment(2, 1, false, true, new byte[0]),
                new Fragment(3, 0, true, true, bytes(3, 3)));
        byte[] all = Fragmenter.encode(fragments);
        for (int cut = 0; cut <= all.length; cut++) {
            FragmentsDecoded decoded = FragmentDecoder.decode(all, 0, cut);
            int whole = 0;
            int boundary = 0;
            while (whole < fragments.size() && boundary + fragments.get(whole).encodedLength() <= cut) {
                boundary += fragments.get(whole).encodedLength();
                whole++;
            }
            assertEquals(fragments.subList(0, whole), decoded.fragments(), "cut at " + cut);
            assertEquals(cut - boundary, decoded.undecodedBytes(), "cut at " + cut);
            if (cut == boundary) {
                assertEquals(List.of(), decoded.violations(), "cut at " + cut);
            } else {
                assertEquals(1, decoded.violations().size(), "cut at " + cut);
                assertEquals(PsrpRule.FRAGMENT_TRUNCATED, decoded.violations().get(0).rule(), "cut at " + cut);
            }
        }
    }

    @Test
    void decodesWithinAnOffsetWindow() {
        byte[] f = Fragmenter.encode(new Fragment(9, 0, true, true, bytes(4, 9)));
        byte[] padded = concat(concat(new byte[] {0x55, 0x55}, f), new byte[] {0x66});
        FragmentsDecoded decoded = FragmentDecoder.decode(padded, 2, f.length);
        assertEquals(List.of(new Fragment(9, 0, true, true, bytes(4, 9))), decoded.fragments());
        assertEquals(List.of(), decoded.violations());
    }

    @Test
    void reservedFlagBitsAreReportedAndIgnored() {
        byte[] bytes = Fragmenter.encode(new Fragment(1, 0, true, true, bytes(2, 0)));
        assertEquals(List.of(), FragmentDecoder.decode(bytes).violations());
        bytes[16] = (byte) 0x83;

        FragmentsDecoded decoded = FragmentDecoder.decode(bytes);

        assertEquals(List.of(new Fragment(1, 0, true, true, bytes(2, 0))), decoded.fragments());
        assertEquals(1, decoded.violations().size());
        assertEquals(PsrpRule.RESERVED_FLAGS_SET, decoded.violations().get(0).rule());
        assertTrue(decoded.violations().get(0).detail().contains("0x83"));
    }

    @Test
    void blobLengthAbove32768IsAViolationButStillDecodedWhenPresent() {
        Fragment atLimit = new Fragment(1, 0, true, true, new byte[Fragment.MAX_BLOB_LENGTH]);
        assertEquals(List.of(), FragmentDecoder.decode(Fragmenter.encode(atLimit)).violations());

        Fragment over = new Fragment(1, 0, true, true, new byte[Fragment.MAX_BLOB_LENGTH + 1]);
        FragmentsDecoded decoded = FragmentDecoder.decode(Fragmenter.encode(over));

        assertEquals(List.of(over), decoded.fragments());
        assertEquals(List.of(PsrpRule.BLOB_LENGTH_EXCEEDED), rules(decoded.violations()));
    }

    @Test
    void hugeBlobLengthWithoutTheBytesIsReportedNotAllocated() {
        byte[] bytes = HEX.parseHex("0000000000000001" + "0000000000000000" + "03" + "ffffffff" + "00");
        FragmentsDecoded decoded = FragmentDecoder.decode(bytes);
        assertEquals(List.of(), decoded.fragments());
        assertEquals(List.of(PsrpRule.BLOB_LENGTH_EXCEEDED, PsrpRule.FRAGMENT_TRUNCATED), rules(decoded.violations()));
        assertTrue(decoded.violations().get(1).detail().contains("4294967295"));
    }

    @Test
    void emptyPayloadHasNoFragmentsAndNoViolations() {
        FragmentsDecoded decoded = FragmentDecoder.decode(new byte[0]);
        assertEquals(List.of(), decoded.fragments());
        assertEquals(List.of(), decoded.violations());
    }

    @Test
    void randomBytesNeverThrow() {
        Random random = new Random(42);
        for (int i = 0; i < 2000; i++) {
            byte[] junk = new byte[random.nextInt(200)];
            random.nextBytes(junk);
            if (junk.length > 20 && random.nextBoolean()) {
                junk[17] = 0; // small BlobLength so some decode
                junk[18] = 0;
            }
            FragmentsDecoded decoded = FragmentDecoder.decode(junk);
            int consumed = decoded.fragments().stream().mapToInt(Fragment::encodedLength).sum();
            assertEquals(junk.length, consumed + decoded.undecodedBytes());
            assertFalse(decoded.undecodedBytes() > 0 && decoded.violations().isEmpty());
        }
    }

    @Test
    void fragmenterSplitsAtTheBlobLimitWithConsecutiveIds() {
        byte[] message = bytes(10, 7);
        List<Fragment> fragments = new Fragmenter(4).fragment(5, message);
        assertEquals(List.of(
                new Fragment(5, 0, true, false, new byte[] {7, 8, 9, 10}),
                new Fragment(5, 1, false, false, new byte[] {11, 12, 13, 14}),
                new Fragment(5, 2, false, true, new byte[] {15, 16})), fragments);
        assertEquals(List.of(new Fragment(5, 0, true, true, new byte[0])), new Fragmenter(4).fragment(5, new byte[0]));
        assertEquals(32747, new Fragmenter().maxBlobLength());
    }

    @Test
    void packPutsAsManyFragmentsAsFitIntoEachPayload() {
        List<Fragment> fragments = new Fragmenter(4).fragment(5, bytes(10, 0)); // 25 + 25 + 23 bytes encoded
        List<byte[]> payloads = Fragmenter.pack(fragments, 50);
        assertEquals(2, payloads.size());
        assertArrayEquals(Fragmenter.encode(fragments.subList(0, 2)), payloads.get(0));
        assertArrayEquals(Fragmenter.encode(fragments.subList(2, 3)), payloads.get(1));
        // a fragment larger than the limit still travels, alone
        assertEquals(3, Fragmenter.pack(fragments, 10).size());
    }

    static List<PsrpRule> rules(List<Violation> violations) {
        return violations.stream().map(v -> (PsrpRule) v.rule()).toList();
    }

    static byte[] bytes(int length, int first) {
        byte[] b = new byte[length];
        for (int i = 0; i < length; i++) {
            b[i] = (byte) (first + i);
        }
        return b;
    }

    static byte[] concat(byte[] a, byte[] b) {
        byte[] out = new byte[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
