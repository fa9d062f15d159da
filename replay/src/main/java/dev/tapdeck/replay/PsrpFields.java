package dev.tapdeck.replay;

import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.FragmentDecoder;
import dev.tapdeck.protocol.psrp.FragmentsDecoded;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageType;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Map;

/**
 * The fields of one PSRP carrier (a stream, creationXml, Arguments…): per fragment its ObjectId, FragmentId
 * and flags; for a Start fragment that holds the whole 40-byte message header ([MS-PSRP] 2.2.1) the message
 * type, destination, RPID and PID (as id slots) and the data; for other fragments the blob.
 */
final class PsrpFields {
    private static final int RPID_AT = 8;
    private static final int PID_AT = 24;

    private PsrpFields() {
    }

    /** Adds the fields; false (and nothing added) when the bytes are not a clean run of fragments. */
    static boolean add(String path, byte[] payload, Map<String, String> fields, List<IdSlot> slots) {
        if (payload == null || payload.length == 0) {
            return false;
        }
        FragmentsDecoded decoded = FragmentDecoder.decode(payload);
        if (!decoded.violations().isEmpty() || decoded.undecodedBytes() != 0) {
            return false;
        }
        List<Fragment> fragments = decoded.fragments();
        for (int i = 0; i < fragments.size(); i++) {
            Fragment f = fragments.get(i);
            String at = path + " fragment " + i;
            fields.put(at, "ObjectId " + Long.toUnsignedString(f.objectId()) + " FragmentId "
                    + Long.toUnsignedString(f.fragmentId()) + (f.start() ? " S" : "") + (f.end() ? " E" : ""));
            byte[] blob = f.blob();
            if (f.start() && blob.length >= PsrpMessage.HEADER_LENGTH) {
                ByteBuffer le = ByteBuffer.wrap(blob).order(ByteOrder.LITTLE_ENDIAN);
                // [MS-PSRP] 2.2.1: Destination and MessageType are little-endian 32-bit values
                fields.put(at + " message", PsrpMessageType.nameOf(le.getInt(4)) + " to "
                        + (le.getInt(0) == 1 ? "client" : le.getInt(0) == 2 ? "server" : "0x" + Integer.toHexString(le.getInt(0))));
                fields.put(at + " RPID", Guids.PLACEHOLDER);
                slots.add(IdSlot.bytes(at + " RPID", Arrays.copyOfRange(blob, RPID_AT, RPID_AT + 16)));
                fields.put(at + " PID", Guids.PLACEHOLDER);
                slots.add(IdSlot.bytes(at + " PID", Arrays.copyOfRange(blob, PID_AT, PID_AT + 16)));
                String data = new String(blob, PsrpMessage.HEADER_LENGTH, blob.length - PsrpMessage.HEADER_LENGTH,
                        StandardCharsets.UTF_8);
                fields.put(at + " data", Guids.extract(at + " data", data, slots));
            } else {
                fields.put(at + " blob", Base64.getEncoder().encodeToString(blob));
            }
        }
        return true;
    }
}
