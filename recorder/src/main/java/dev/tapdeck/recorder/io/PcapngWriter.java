package dev.tapdeck.recorder.io;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The blocks of a pcapng file (draft-ietf-opsawg-pcapng, "PCAP Next Generation Dump File Format"), little
 * endian: one Section Header Block, one Interface Description Block with nanosecond timestamps
 * ({@code if_tsresol} = 9), then one Enhanced Packet Block per packet. Writes straight to the stream.
 */
final class PcapngWriter {
    /** LINKTYPE_RAW: each packet starts with its IPv4 (or IPv6) header, no link layer. */
    static final int LINKTYPE_RAW = 101;

    private static final int SECTION_HEADER = 0x0A0D0D0A;
    private static final int BYTE_ORDER_MAGIC = 0x1A2B3C4D;
    private static final int INTERFACE_DESCRIPTION = 0x00000001;
    private static final int ENHANCED_PACKET = 0x00000006;
    private static final short OPT_END = 0;
    private static final short IF_TSRESOL = 9;
    private static final short SHB_USERAPPL = 4;

    private final OutputStream out;

    PcapngWriter(OutputStream out) {
        this.out = out;
    }

    /** The Section Header Block (section length unknown: -1) naming the writing application, and the interface. */
    void start(String application) throws IOException {
        byte[] app = application.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        int appPadded = pad(app.length);
        int length = 28 + 4 + appPadded + 4;
        ByteBuffer b = buffer(length);
        b.putInt(SECTION_HEADER).putInt(length).putInt(BYTE_ORDER_MAGIC).putShort((short) 1).putShort((short) 0)
                .putLong(-1L);
        b.putShort(SHB_USERAPPL).putShort((short) app.length).put(app).position(b.position() + appPadded - app.length);
        b.putShort(OPT_END).putShort((short) 0);
        b.putInt(length);
        out.write(b.array());

        int idbLength = 20 + 8 + 4;
        ByteBuffer i = buffer(idbLength);
        i.putInt(INTERFACE_DESCRIPTION).putInt(idbLength).putShort((short) LINKTYPE_RAW).putShort((short) 0).putInt(0);
        // if_tsresol 9: timestamps count nanoseconds (the recording's offsets are nanoseconds)
        i.putShort(IF_TSRESOL).putShort((short) 1).put((byte) 9).put(new byte[3]);
        i.putShort(OPT_END).putShort((short) 0);
        i.putInt(idbLength);
        out.write(i.array());
    }

    /** One Enhanced Packet Block on interface 0. */
    void packet(long epochNanos, byte[] data, int len) throws IOException {
        int padded = pad(len);
        int length = 32 + padded;
        ByteBuffer b = buffer(28);
        b.putInt(ENHANCED_PACKET).putInt(length).putInt(0).putInt((int) (epochNanos >>> 32)).putInt((int) epochNanos)
                .putInt(len).putInt(len);
        out.write(b.array());
        out.write(data, 0, len);
        out.write(new byte[padded - len]);
        out.write(buffer(4).putInt(length).array());
    }

    private static int pad(int n) {
        return (n + 3) & ~3;
    }

    private static ByteBuffer buffer(int n) {
        return ByteBuffer.allocate(n).order(ByteOrder.LITTLE_ENDIAN);
    }
}
