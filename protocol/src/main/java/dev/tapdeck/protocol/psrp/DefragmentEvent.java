package dev.tapdeck.protocol.psrp;

import java.util.Arrays;
import java.util.Objects;

/** What a {@link Defragmenter} reports besides rule violations. */
public sealed interface DefragmentEvent {

    /** The ObjectId of the message concerned. */
    long objectId();

    /**
     * A whole PSRP message: the blobs of its fragments concatenated in FragmentId order
     * ([MS-PSRP] 3.1.5.1.2).
     *
     * @param fragmentCount how many fragments carried it
     * @param message       the PSRP message bytes (40-byte header and Data); callers must not modify them
     */
    record MessageAssembled(long objectId, long fragmentCount, byte[] message) implements DefragmentEvent {
        public MessageAssembled {
            Objects.requireNonNull(message, "message");
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof MessageAssembled m && m.objectId == objectId && m.fragmentCount == fragmentCount
                    && Arrays.equals(m.message, message);
        }

        @Override
        public int hashCode() {
            return Objects.hash(objectId, fragmentCount) * 31 + Arrays.hashCode(message);
        }

        @Override
        public String toString() {
            return "MessageAssembled[ObjectId=" + Long.toUnsignedString(objectId) + ", fragments=" + fragmentCount
                    + ", length=" + message.length + "]";
        }
    }

    /**
     * A reassembly was abandoned: the bytes gathered so far are released and the remaining fragments of
     * that ObjectId, up to its End fragment, are ignored.
     *
     * @param reason why
     * @param detail a sentence with the values seen, naming the limit when one was crossed
     */
    record ReassemblyDropped(long objectId, Reason reason, String detail) implements DefragmentEvent {
    }

    /** Why a reassembly was dropped. */
    enum Reason {
        /** {@link DefragmentLimits#maxOpenObjectIds()} would be crossed. */
        MAX_OPEN_OBJECT_IDS,
        /** {@link DefragmentLimits#maxMessageBytes()} would be crossed. */
        MAX_MESSAGE_BYTES,
        /** {@link DefragmentLimits#maxOpenBytes()} would be crossed. */
        MAX_OPEN_BYTES,
        /** The fragments broke a rule that makes the message unrecoverable (a gap, a restart). */
        RULE_BROKEN,
        /** The defragmenter was finished while the message still awaited its End fragment. */
        INCOMPLETE
    }
}
