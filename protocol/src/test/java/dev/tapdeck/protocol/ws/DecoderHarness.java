package dev.tapdeck.protocol.ws;

import dev.tapdeck.protocol.ws.WsEvent.ViolationFound;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Collectors;
import java.util.stream.IntStream;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Feeds a byte vector to a fresh {@link FrameDecoder} in several chunkings and checks that the events
 * do not depend on the chunking (notes OB-1): whole, per frame, one byte at a time, seeded random
 * chunks, fixed chops, or split in two at every offset.
 */
public final class DecoderHarness {
    private final Direction direction;
    private final ExtensionsInUse extensions;
    private final WsLimits limits;

    public DecoderHarness(Direction direction, ExtensionsInUse extensions, WsLimits limits) {
        this.direction = direction;
        this.extensions = extensions;
        this.limits = limits;
    }

    public DecoderHarness(Direction direction) {
        this(direction, ExtensionsInUse.NONE, WsLimits.DEFAULT);
    }

    /** The events for {@code wire} fed in chunks ending at {@code cuts} (ascending, the last one = length). */
    public Decoded decode(byte[] wire, int[] cuts) {
        try (FrameDecoder decoder = new FrameDecoder(direction, extensions, limits)) {
            List<WsEvent> events = new ArrayList<>();
            int from = 0;
            for (int cut : cuts) {
                events.addAll(decoder.feed(wire, from, cut - from));
                from = cut;
            }
            events.addAll(decoder.end());
            return new Decoded(events, decoder.ignoredBytes());
        }
    }

    /** Whole, per frame, byte by byte, seeded random and {@code chops}-sized chunks must agree. */
    public Decoded decodeAllChunkings(byte[] wire, int[] frameEnds, int... chops) {
        Decoded whole = decode(wire, new int[]{wire.length});
        assertSame(whole, decode(wire, frameEnds), "per-frame chunks");
        assertSame(whole, decode(wire, IntStream.rangeClosed(1, wire.length).toArray()), "1-byte chunks");
        Random random = new Random(wire.length * 31L + 7);
        for (int round = 0; round < 2; round++) {
            assertSame(whole, decode(wire, randomCuts(wire.length, random)), "random chunks");
        }
        for (int chop : chops) {
            assertSame(whole, decode(wire, fixedCuts(wire.length, chop)), chop + "-byte chops");
        }
        return whole;
    }

    /** Split in two at every offset, and byte by byte (for short vectors). */
    public Decoded decodeAtEverySplit(byte[] wire) {
        Decoded whole = decode(wire, new int[]{wire.length});
        for (int i = 0; i <= wire.length; i++) {
            assertSame(whole, decode(wire, new int[]{i, wire.length}), "split at " + i);
        }
        assertSame(whole, decode(wire, IntStream.rangeClosed(1, wire.length).toArray()), "1-byte chunks");
        return whole;
    }

    /** A script's bytes at every split when short, else in all chunkings. */
    public Decoded decode(WireScript script) {
        byte[] wire = script.bytes();
        return wire.length <= 600 ? decodeAtEverySplit(wire) : decodeAllChunkings(wire, script.frameEnds());
    }

    private static void assertSame(Decoded expected, Decoded actual, String how) {
        assertEquals(expected.events(), actual.events(), how);
        assertEquals(expected.ignoredBytes(), actual.ignoredBytes(), how + ": ignored bytes");
    }

    static int[] fixedCuts(int length, int chop) {
        List<Integer> cuts = new ArrayList<>();
        for (int c = chop; c < length; c += chop) {
            cuts.add(c);
        }
        cuts.add(length);
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    private static int[] randomCuts(int length, Random random) {
        List<Integer> cuts = new ArrayList<>();
        int c = 0;
        while (c < length) {
            c = Math.min(length, c + 1 + random.nextInt(random.nextBoolean() ? 16 : 4096));
            cuts.add(c);
        }
        if (cuts.isEmpty()) {
            cuts.add(0);
        }
        return cuts.stream().mapToInt(Integer::intValue).toArray();
    }

    /** Decoder output and how many bytes it ignored after stopping. */
    public record Decoded(List<WsEvent> events, long ignoredBytes) {

        public List<ViolationFound> violations() {
            return events.stream().filter(e -> e instanceof ViolationFound).map(e -> (ViolationFound) e)
                    .collect(Collectors.toList());
        }

        public List<WsRule> rules() {
            return violations().stream().map(ViolationFound::rule).collect(Collectors.toList());
        }

        public <T extends WsEvent> List<T> only(Class<T> type) {
            return events.stream().filter(type::isInstance).map(type::cast).collect(Collectors.toList());
        }

        public boolean stopped() {
            return !only(WsEvent.DecodingStopped.class).isEmpty();
        }

        /** The messages as text, in order. */
        public List<String> texts() {
            return only(WsEvent.MessageAssembled.class).stream().map(m -> m.data().text()).collect(Collectors.toList());
        }
    }
}
