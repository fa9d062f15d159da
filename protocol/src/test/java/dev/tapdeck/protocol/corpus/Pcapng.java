package dev.tapdeck.protocol.corpus;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Test-side pcapng reader (pcapng draft, sections 4.1-4.3): the IPv4 TCP segments of a capture, for tests
 * that read the corpus captures in place. Link types: NULL/loopback (0), Ethernet (1), raw IPv4 (101).
 */
public final class Pcapng {

    /** One TCP segment. */
    public record Segment(String srcIp, int srcPort, String dstIp, int dstPort, long seq, int flags, byte[] payload) {
        public boolean syn() {
            return (flags & 0x02) != 0;
        }
    }

    private Pcapng() {
    }

    public static List<Segment> tcpSegments(Path file) throws IOException {
        ByteBuffer b = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
        List<Integer> linkTypes = new ArrayList<>();
        List<Segment> out = new ArrayList<>();
        while (b.remaining() >= 12) {
            int start = b.position();
            int type = b.getInt(start);
            if (type == 0x0A0D0D0A) {
                // Section Header Block: the byte-order magic decides the endianness of the section
                b.order(b.order(ByteOrder.LITTLE_ENDIAN).getInt(start + 8) == 0x1A2B3C4D ? ByteOrder.LITTLE_ENDIAN : ByteOrder.BIG_ENDIAN);
                linkTypes.clear();
            }
            int length = b.getInt(start + 4);
            if (length < 12 || start + length > b.limit()) {
                throw new IOException("pcapng block of length " + length + " at " + start + " runs past the file");
            }
            if (type == 1) {
                linkTypes.add(b.getShort(start + 8) & 0xffff);
            } else if (type == 6) {
                int iface = b.getInt(start + 8);
                int captured = b.getInt(start + 20);
                byte[] packet = new byte[captured];
                b.get(start + 28, packet);
                Segment s = tcp(packet, linkTypes.get(iface));
                if (s != null) {
                    out.add(s);
                }
            }
            b.position(start + length);
        }
        return out;
    }

    private static Segment tcp(byte[] p, int linkType) {
        int ip = switch (linkType) {
            case 0 -> 4;
            case 1 -> 14;
            case 101 -> 0;
            default -> -1;
        };
        if (ip < 0 || p.length < ip + 20 || (p[ip] >> 4) != 4 || p[ip + 9] != 6) {
            return null;
        }
        int ihl = (p[ip] & 0x0f) * 4;
        int total = u16(p, ip + 2);
        int tcp = ip + ihl;
        int dataOffset = ((p[tcp + 12] & 0xff) >> 4) * 4;
        int payloadStart = tcp + dataOffset;
        int payloadEnd = Math.min(p.length, ip + total);
        byte[] payload = java.util.Arrays.copyOfRange(p, payloadStart, Math.max(payloadStart, payloadEnd));
        long seq = Integer.toUnsignedLong(((p[tcp + 4] & 0xff) << 24) | ((p[tcp + 5] & 0xff) << 16) | ((p[tcp + 6] & 0xff) << 8) | (p[tcp + 7] & 0xff));
        return new Segment(ipv4(p, ip + 12), u16(p, tcp), ipv4(p, ip + 16), u16(p, tcp + 2), seq, p[tcp + 13] & 0xff, payload);
    }

    private static int u16(byte[] p, int at) {
        return ((p[at] & 0xff) << 8) | (p[at + 1] & 0xff);
    }

    private static String ipv4(byte[] p, int at) {
        return (p[at] & 0xff) + "." + (p[at + 1] & 0xff) + "." + (p[at + 2] & 0xff) + "." + (p[at + 3] & 0xff);
    }
}
