package dev.tapdeck.protocol.psrp;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Objects;
import java.util.UUID;

/**
 * One PSRP message ([MS-PSRP] 2.2.1): a 40-byte little-endian header and the Data. Values are kept as
 * sent so that unknown Destinations and MessageTypes survive and the message can be re-encoded exactly.
 * The arrays are not copied: callers must not modify them.
 *
 * @param destination raw Destination (1 client, 2 server; see {@link #destinationKind()})
 * @param messageType raw MessageType (see {@link #type()})
 * @param rpidBytes   the 16 RPID bytes as sent (.NET layout per spec; see {@link DotNetGuid})
 * @param pidBytes    the 16 PID bytes as sent; all zero for RunspacePool-level messages
 * @param data        the Data without the UTF-8 byte order mark; usually UTF-8 CLIXML, empty for
 *                    END_OF_PIPELINE_INPUT
 * @param bom         whether Data was preceded by the UTF-8 BOM EF BB BF (Windows servers always send it,
 *                    pypsrp never does: protocol-notes B.2)
 */
public record PsrpMessage(int destination, int messageType, byte[] rpidBytes, byte[] pidBytes, byte[] data, boolean bom) {
    /** Size of the fixed header. */
    public static final int HEADER_LENGTH = 40;
    /** The UTF-8 byte order mark that may precede Data. */
    static final byte[] UTF8_BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    public PsrpMessage {
        Objects.requireNonNull(data, "data");
        if (rpidBytes.length != DotNetGuid.LENGTH || pidBytes.length != DotNetGuid.LENGTH) {
            throw new IllegalArgumentException("RPID and PID are 16 bytes");
        }
    }

    /** Builds a message with GUIDs in the .NET layout the spec requires. */
    public static PsrpMessage of(Destination destination, PsrpMessageType type, UUID rpid, UUID pid, String data, boolean bom) {
        return new PsrpMessage(destination.value(), type.value(), DotNetGuid.toBytes(rpid), DotNetGuid.toBytes(pid),
                data.getBytes(StandardCharsets.UTF_8), bom);
    }

    /** The MessageType constant, or null when the value is not in [MS-PSRP] 2.2.1. */
    public PsrpMessageType type() {
        return PsrpMessageType.fromValue(messageType);
    }

    /** The spec name of the MessageType, or {@code UNKNOWN(0x…)}. */
    public String typeName() {
        return PsrpMessageType.nameOf(messageType);
    }

    /** The Destination constant, or null when the value is neither 1 nor 2. */
    public Destination destinationKind() {
        return Destination.fromValue(destination);
    }

    /** RPID read in the .NET layout. */
    public UUID rpid() {
        return DotNetGuid.fromBytes(rpidBytes, 0);
    }

    /** PID read in the .NET layout. */
    public UUID pid() {
        return DotNetGuid.fromBytes(pidBytes, 0);
    }

    /** True when PID is all zero, as on RunspacePool-level messages. */
    public boolean pidIsZero() {
        return Arrays.equals(pidBytes, new byte[DotNetGuid.LENGTH]);
    }

    /** Data decoded as UTF-8 (malformed sequences replaced). */
    public String dataText() {
        return new String(data, StandardCharsets.UTF_8);
    }

    /** Length of the whole message as encoded. */
    public int encodedLength() {
        return HEADER_LENGTH + (bom ? UTF8_BOM.length : 0) + data.length;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof PsrpMessage m && m.destination == destination && m.messageType == messageType
                && m.bom == bom && Arrays.equals(m.rpidBytes, rpidBytes) && Arrays.equals(m.pidBytes, pidBytes)
                && Arrays.equals(m.data, data);
    }

    @Override
    public int hashCode() {
        return Objects.hash(destination, messageType, bom) * 31 + Arrays.hashCode(data);
    }

    /** Never prints Data: it may carry arguments and host responses. */
    @Override
    public String toString() {
        return "PsrpMessage[" + typeName() + ", Destination=" + destination + ", RPID=" + rpid() + ", PID=" + pid()
                + ", data=" + data.length + " bytes" + (bom ? ", BOM" : "") + "]";
    }
}
