package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageType;

import java.util.Arrays;

/**
 * The header of a PSRP message read from its first bytes ([MS-PSRP] 2.2.1), before the message is
 * complete: the Start fragment's blob, or the bytes gathered so far when a continuation fragment arrives.
 * It tells the carrier rules what a fragment belongs to (a CREATE_PIPELINE may start in a Command and end
 * in a Send).
 *
 * @param messageType the raw MessageType
 * @param rpid        the 16 RPID bytes, null when fewer than 24 bytes were available
 * @param pid         the 16 PID bytes, null when fewer than 40 bytes were available
 */
record MessageHead(int destination, int messageType, byte[] rpid, byte[] pid) {

    /** Reads what the prefix holds; null when it is shorter than Destination and MessageType. */
    static MessageHead peek(byte[] prefix) {
        if (prefix == null || prefix.length < 8) {
            return null;
        }
        return new MessageHead(le32(prefix, 0), le32(prefix, 4),
                prefix.length >= 24 ? Arrays.copyOfRange(prefix, 8, 24) : null,
                prefix.length >= PsrpMessage.HEADER_LENGTH ? Arrays.copyOfRange(prefix, 24, 40) : null);
    }

    /** The MessageType constant, null when unknown. */
    PsrpMessageType type() {
        return PsrpMessageType.fromValue(messageType);
    }

    String typeName() {
        return PsrpMessageType.nameOf(messageType);
    }

    boolean pidIsZero() {
        return pid == null || Arrays.equals(pid, new byte[16]);
    }

    /** [MS-PSRP] 2.2: little-endian unless specified otherwise. */
    private static int le32(byte[] b, int at) {
        return (b[at] & 0xFF) | (b[at + 1] & 0xFF) << 8 | (b[at + 2] & 0xFF) << 16 | (b[at + 3] & 0xFF) << 24;
    }
}
