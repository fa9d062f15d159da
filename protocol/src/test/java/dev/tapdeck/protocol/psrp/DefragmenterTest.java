package dev.tapdeck.protocol.psrp;

import static dev.tapdeck.protocol.psrp.FragmentDecoderTest.bytes;
import static dev.tapdeck.protocol.psrp.FragmentDecoderTest.rules;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.psrp.DefragmentEvent.MessageAssembled;
import dev.tapdeck.protocol.psrp.DefragmentEvent.Reason;
import dev.tapdeck.protocol.psrp.DefragmentEvent.ReassemblyDropped;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class DefragmenterTest {
    private static final byte[] EMPTY = new byte[0];

    @Test
    void singleFragmentMessageIsAssembledAtOnce() {
        Defragmented out = new Defragmenter().accept(Fragmenter.encode(new Fragment(1, 0, true, true, bytes(50, 0))));
        assertEquals(List.of(new MessageAssembled(1, 1, bytes(50, 0))), out.events());
        assertEquals(List.of(), out.violations());
    }

    @Test
    void everyBlobSizeAndEveryPayloadSplitReassemblesTheSameMessage() {
        byte[] message = bytes(37, 1);
        for (int maxBlob = 1; maxBlob <= message.length + 1; maxBlob++) {
            List<Fragment> fragments = new Fragmenter(maxBlob).fragment(4, message);
            byte[] wire = Fragmenter.encode(fragments);
            // split the carrier stream at every fragment boundary into two payloads (fragments never span carriers)
            int boundary = 0;
            for (int k = 0; k <= fragments.size(); k++) {
                Defragmenter d = new Defragmenter();
                List<DefragmentEvent> events = new ArrayList<>();
                Defragmented first = d.accept(Arrays.copyOfRange(wire, 0, boundary));
                Defragmented second = d.accept(Arrays.copyOfRange(wire, boundary, wire.length));
                events.addAll(first.events());
                events.addAll(second.events());
                String where = "maxBlob " + maxBlob + " split after " + k + " fragments";
                assertEquals(List.of(new MessageAssembled(4, fragments.size(), message)), events, where);
                assertEquals(List.of(), first.violations(), where);
                assertEquals(List.of(), second.violations(), where);
                assertEquals(0, d.openObjectIds(), where);
                assertEquals(0, d.openBytes(), where);
                if (k < fragments.size()) {
                    boundary += fragments.get(k).encodedLength();
                }
            }
        }
    }

    @Test
    void messagesOfDifferentObjectIdsMayInterleave() {
        Defragmenter d = new Defragmenter();
        List<DefragmentEvent> events = new ArrayList<>();
        events.addAll(d.accept(new Fragment(7, 0, true, false, new byte[] {1})).events());
        events.addAll(d.accept(new Fragment(8, 0, true, false, new byte[] {2})).events());
        assertEquals(2, d.openObjectIds());
        assertEquals(2, d.openBytes());
        events.addAll(d.accept(new Fragment(8, 1, false, true, new byte[] {3})).events());
        events.addAll(d.accept(new Fragment(7, 1, false, false, new byte[] {4})).events());
        events.addAll(d.accept(new Fragment(7, 2, false, true, EMPTY)).events());
        assertEquals(List.of(new MessageAssembled(8, 2, new byte[] {2, 3}), new MessageAssembled(7, 3, new byte[] {1, 4})), events);
        assertEquals(0, d.openObjectIds());
        assertEquals(0, d.openBytes());
    }

    @Test
    void objectIdZeroIsReportedButAssembled() {
        Defragmented ok = new Defragmenter().accept(new Fragment(1, 0, true, true, EMPTY));
        assertEquals(List.of(), ok.violations());

        Defragmented out = new Defragmenter().accept(new Fragment(0, 0, true, true, new byte[] {5}));
        assertEquals(List.of(PsrpRule.OBJECT_ID_ZERO), rules(out.violations()));
        assertEquals(List.of(new MessageAssembled(0, 1, new byte[] {5})), out.events());
    }

    @Test
    void startFragmentWithNonZeroIdIsReportedAndFollowedFromThere() {
        Defragmenter d = new Defragmenter();
        Defragmented first = d.accept(new Fragment(3, 5, true, false, new byte[] {1}));
        Defragmented second = d.accept(new Fragment(3, 6, false, true, new byte[] {2}));
        assertEquals(List.of(PsrpRule.START_FRAGMENT_ID_NOT_ZERO), rules(first.violations()));
        assertEquals("ObjectId 3 FragmentId 5", first.violations().get(0).subject());
        assertEquals(List.of(), second.violations());
        assertEquals(List.of(new MessageAssembled(3, 2, new byte[] {1, 2})), second.events());
    }

    @Test
    void fragmentZeroWithoutStartFlagIsReportedAndTakenAsTheStart() {
        Defragmenter d = new Defragmenter();
        Defragmented first = d.accept(new Fragment(3, 0, false, false, new byte[] {1}));
        Defragmented second = d.accept(new Fragment(3, 1, false, true, new byte[] {2}));
        assertEquals(List.of(PsrpRule.START_FLAG_MISSING), rules(first.violations()));
        assertEquals(List.of(), second.violations());
        assertEquals(List.of(new MessageAssembled(3, 2, new byte[] {1, 2})), second.events());
    }

    @Test
    void continuationWithoutStartIsReportedOnceAndIgnoredUpToItsEnd() {
        Defragmenter d = new Defragmenter();
        Defragmented orphan = d.accept(new Fragment(3, 1, false, false, new byte[] {1}));
        Defragmented rest = d.accept(List.of(new Fragment(3, 2, false, false, new byte[] {2}),
                new Fragment(3, 3, false, true, new byte[] {3})));
        assertEquals(List.of(PsrpRule.FRAGMENT_WITHOUT_START), rules(orphan.violations()));
        assertEquals(Defragmented.NOTHING, rest);
        // after its End the ObjectId is forgotten: a lone End fragment is reported again
        assertEquals(List.of(PsrpRule.FRAGMENT_WITHOUT_START), rules(d.accept(new Fragment(3, 9, false, true, EMPTY)).violations()));
    }

    @Test
    void gapInFragmentIdsDropsTheMessageAndIgnoresItsRest() {
        Defragmenter d = new Defragmenter();
        d.accept(new Fragment(3, 0, true, false, new byte[] {1}));
        Defragmented gap = d.accept(new Fragment(3, 2, false, false, new byte[] {3}));
        Defragmented end = d.accept(new Fragment(3, 3, false, true, new byte[] {4}));

        assertEquals(List.of(PsrpRule.FRAGMENT_ID_NOT_ASCENDING), rules(gap.violations()));
        assertEquals("expected FragmentId 1, got 2", gap.violations().get(0).detail());
        assertEquals(List.of(Reason.RULE_BROKEN), gap.drops().stream().map(ReassemblyDropped::reason).toList());
        assertEquals(Defragmented.NOTHING, end);
        assertEquals(0, d.openObjectIds());
        assertEquals(0, d.openBytes());
    }

    @Test
    void repeatedFragmentIdIsNotAscending() {
        Defragmenter d = new Defragmenter();
        d.accept(new Fragment(3, 0, true, false, new byte[] {1}));
        d.accept(new Fragment(3, 1, false, false, new byte[] {2}));
        Defragmented repeat = d.accept(new Fragment(3, 1, false, true, new byte[] {2}));
        assertEquals(List.of(PsrpRule.FRAGMENT_ID_NOT_ASCENDING), rules(repeat.violations()));
        assertEquals(List.of(), repeat.messages());
    }

    @Test
    void newStartForAnOpenObjectIdDropsTheOldMessageAndKeepsTheNew() {
        Defragmenter d = new Defragmenter();
        d.accept(new Fragment(3, 0, true, false, new byte[] {1}));
        Defragmented restart = d.accept(new Fragment(3, 0, true, false, new byte[] {7}));
        Defragmented end = d.accept(new Fragment(3, 1, false, true, new byte[] {8}));

        assertEquals(List.of(PsrpRule.START_WHILE_OPEN), rules(restart.violations()));
        assertEquals(List.of(new ReassemblyDropped(3, Reason.RULE_BROKEN, "restarted by a new Start fragment")), restart.events());
        assertEquals(List.of(new MessageAssembled(3, 2, new byte[] {7, 8})), end.events());
        assertEquals(List.of(), end.violations());
    }

    @Test
    void finishReportsMessagesThatNeverEnded() {
        Defragmenter d = new Defragmenter();
        d.accept(new Fragment(3, 0, true, false, new byte[] {1, 2}));
        d.accept(new Fragment(4, 0, true, true, new byte[] {1}));
        Defragmented finished = d.finish();
        assertEquals(List.of(PsrpRule.END_FRAGMENT_MISSING), rules(finished.violations()));
        assertEquals(List.of(Reason.INCOMPLETE), finished.drops().stream().map(ReassemblyDropped::reason).toList());
        assertEquals(0, d.openBytes());
        assertEquals(Defragmented.NOTHING, new Defragmenter().finish());
    }

    @Test
    void maxOpenObjectIdsDropsTheNewcomerAndNamesTheLimit() {
        Defragmenter d = new Defragmenter(new DefragmentLimits(2, 1000, 1000));
        d.accept(new Fragment(1, 0, true, false, new byte[] {1}));
        d.accept(new Fragment(2, 0, true, false, new byte[] {2}));
        Defragmented third = d.accept(new Fragment(3, 0, true, false, new byte[] {3}));
        ReassemblyDropped drop = third.drops().get(0);
        assertEquals(Reason.MAX_OPEN_OBJECT_IDS, drop.reason());
        assertEquals(3, drop.objectId());
        assertTrue(drop.detail().contains("maxOpenObjectIds=2"), drop.detail());
        // its remaining fragments are ignored silently; single-fragment messages still pass
        assertEquals(Defragmented.NOTHING, d.accept(new Fragment(3, 1, false, true, new byte[] {4})));
        assertEquals(1, d.accept(new Fragment(9, 0, true, true, new byte[] {9})).messages().size());
        assertEquals(2, d.openObjectIds());
    }

    @Test
    void maxMessageBytesDropsTheMessage() {
        Defragmenter d = new Defragmenter(new DefragmentLimits(10, 4, 1000));
        d.accept(new Fragment(1, 0, true, false, new byte[] {1, 2, 3}));
        Defragmented over = d.accept(new Fragment(1, 1, false, false, new byte[] {4, 5}));
        assertEquals(Reason.MAX_MESSAGE_BYTES, over.drops().get(0).reason());
        assertTrue(over.drops().get(0).detail().contains("maxMessageBytes=4"));
        assertEquals(Defragmented.NOTHING, d.accept(new Fragment(1, 2, false, true, new byte[] {6})));
        assertEquals(0, d.openBytes());
        // also for a single fragment
        assertEquals(Reason.MAX_MESSAGE_BYTES, d.accept(new Fragment(2, 0, true, true, new byte[5])).drops().get(0).reason());
        assertEquals(1, d.accept(new Fragment(3, 0, true, true, new byte[4])).messages().size());
    }

    @Test
    void maxOpenBytesDropsTheReassemblyThatWouldCrossIt() {
        Defragmenter d = new Defragmenter(new DefragmentLimits(10, 100, 5));
        d.accept(new Fragment(1, 0, true, false, new byte[3]));
        Defragmented over = d.accept(new Fragment(2, 0, true, false, new byte[3]));
        assertEquals(Reason.MAX_OPEN_BYTES, over.drops().get(0).reason());
        assertEquals(2, over.drops().get(0).objectId());
        assertTrue(over.drops().get(0).detail().contains("maxOpenBytes=5"));
        assertEquals(3, d.openBytes());
        // completing a message releases its bytes even when the last blob would cross the limit
        Defragmented done = d.accept(new Fragment(1, 1, false, true, new byte[4]));
        assertEquals(7, done.messages().get(0).message().length);
        assertEquals(0, d.openBytes());
    }

    @Test
    void aMillionDistinctOpenObjectIdsStayWithinTheLimit() {
        Defragmenter d = new Defragmenter(new DefragmentLimits(100, 1 << 20, 1 << 20));
        Fragment sample = null;
        long dropped = 0;
        for (long id = 1; id <= 1_000_000; id++) {
            sample = new Fragment(id, 0, true, false, EMPTY);
            dropped += d.accept(sample).drops().size();
        }
        assertEquals(100, d.openObjectIds());
        assertEquals(1_000_000 - 100, dropped);
        assertEquals(Defragmented.NOTHING, d.accept(new Fragment(sample.objectId(), 1, false, true, EMPTY)));
    }

    @Test
    void emptyBlobsDoNotGrowTheMessage() {
        Defragmenter d = new Defragmenter();
        d.accept(new Fragment(1, 0, true, false, new byte[] {1}));
        for (int i = 1; i < 1000; i++) {
            assertEquals(Defragmented.NOTHING, d.accept(new Fragment(1, i, false, false, EMPTY)));
        }
        MessageAssembled m = d.accept(new Fragment(1, 1000, false, true, new byte[] {2})).messages().get(0);
        assertEquals(1001, m.fragmentCount());
        assertArrayEquals(new byte[] {1, 2}, m.message());
    }

    @Test
    void truncatedPayloadStillDeliversTheFragmentsBeforeTheCut() {
        byte[] wire = Fragmenter.encode(List.of(new Fragment(1, 0, true, true, new byte[] {1}), new Fragment(2, 0, true, true, new byte[] {2})));
        Defragmented out = new Defragmenter().accept(Arrays.copyOf(wire, wire.length - 1));
        assertEquals(List.of(new MessageAssembled(1, 1, new byte[] {1})), out.events());
        assertEquals(List.of(PsrpRule.FRAGMENT_TRUNCATED), rules(out.violations()));
    }
}
