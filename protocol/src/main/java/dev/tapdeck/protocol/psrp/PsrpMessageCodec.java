package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.psrp.PsrpMessageResult.MessageDecoded;
import dev.tapdeck.protocol.psrp.PsrpMessageResult.MessageRejected;
import dev.tapdeck.protocol.rules.Violation;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Reads and writes the PSRP message layout of [MS-PSRP] 2.2.1: Destination and MessageType as
 * little-endian uint32, RPID and PID as 16 bytes each, then Data with an optional UTF-8 BOM.
 * Decoding never throws; header rules are reported as violations.
 */
public final class PsrpMessageCodec {
    private PsrpMessageCodec() {
    }

    /** Decodes without knowing who sent the message: Destination is checked against the MessageType only. */
    public static PsrpMessageResult decode(byte[] bytes) {
        return decode(bytes, null);
    }

    /**
     * @param sentBy the direction the bytes travelled (CLIENT_TO_SERVER or SERVER_TO_CLIENT), or null when
     *               unknown
     */
    public static PsrpMessageResult decode(byte[] bytes, PsrpDirection sentBy) {
        if (bytes.length < PsrpMessage.HEADER_LENGTH) {
            // [MS-PSRP] 2.2.1: Destination(4) MessageType(4) RPID(16) PID(16) precede Data
            return new MessageRejected(new Violation(PsrpRule.MESSAGE_TOO_SHORT, "",
                    bytes.length + " bytes, fewer than the 40-byte message header"), bytes.length);
        }
        ByteBuffer bb = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN); // [MS-PSRP] 2.2: little-endian
        int destination = bb.getInt();
        int messageType = bb.getInt();
        byte[] rpid = Arrays.copyOfRange(bytes, 8, 24);
        byte[] pid = Arrays.copyOfRange(bytes, 24, 40);
        boolean bom = bytes.length >= 43 && bytes[40] == PsrpMessage.UTF8_BOM[0] && bytes[41] == PsrpMessage.UTF8_BOM[1]
                && bytes[42] == PsrpMessage.UTF8_BOM[2];
        byte[] data = Arrays.copyOfRange(bytes, bom ? 43 : 40, bytes.length);
        PsrpMessage message = new PsrpMessage(destination, messageType, rpid, pid, data, bom);
        return new MessageDecoded(message, check(message, sentBy));
    }

    private static List<Violation> check(PsrpMessage m, PsrpDirection sentBy) {
        List<Violation> violations = new ArrayList<>();
        String subject = m.typeName();
        Destination destination = m.destinationKind();
        if (destination == null) {
            // [MS-PSRP] 2.2.1: Destination is 0x00000001 (client) or 0x00000002 (server)
            violations.add(new Violation(PsrpRule.DESTINATION_INVALID, subject,
                    String.format("Destination 0x%08X", m.destination())));
        }
        PsrpDirection way = sentBy;
        if (way == null || way == PsrpDirection.BIDIRECTIONAL) {
            way = destination == null ? null
                    : destination == Destination.SERVER ? PsrpDirection.CLIENT_TO_SERVER : PsrpDirection.SERVER_TO_CLIENT;
        } else if (destination != null && destination != way.destination()) {
            // [MS-PSRP] 2.2.1: client messages target the server (2), server messages the client (1)
            violations.add(new Violation(PsrpRule.DESTINATION_MISMATCH, subject,
                    "Destination " + m.destination() + " on a message sent " + way));
        }
        PsrpMessageType type = m.type();
        if (type == null) {
            violations.add(new Violation(PsrpRule.MESSAGE_TYPE_UNKNOWN, subject,
                    String.format("MessageType 0x%08X is not in [MS-PSRP] 2.2.1", m.messageType())));
        } else if (way != null && !type.direction().allows(way)) {
            // [MS-PSRP] 2.2.1: each MessageType has a Direction
            violations.add(new Violation(PsrpRule.MESSAGE_TYPE_WRONG_DIRECTION, subject,
                    type.name() + " is " + type.direction() + " but was sent " + way));
        }
        return violations;
    }

    /** The message as it goes on the wire, with the BOM before Data when {@link PsrpMessage#bom()} is set. */
    public static byte[] encode(PsrpMessage m) {
        ByteBuffer bb = ByteBuffer.allocate(m.encodedLength()).order(ByteOrder.LITTLE_ENDIAN);
        bb.putInt(m.destination()).putInt(m.messageType()).put(m.rpidBytes()).put(m.pidBytes());
        if (m.bom()) {
            bb.put(PsrpMessage.UTF8_BOM);
        }
        return bb.put(m.data()).array();
    }
}
