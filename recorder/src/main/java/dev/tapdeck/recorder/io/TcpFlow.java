package dev.tapdeck.recorder.io;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * One synthesised TCP connection over IPv4 (RFC 791, RFC 9293), for captures of recorded sessions: a
 * three-way handshake, data cut into segments of at most {@link #MSS} bytes with consistent sequence and
 * acknowledgement numbers and correct checksums, and a FIN from each side. Initial sequence numbers are
 * fixed so the same recording gives the same capture.
 */
final class TcpFlow {
    /** Largest segment payload: Ethernet's 1500-byte MTU less 40 bytes of IPv4 and TCP headers. */
    static final int MSS = 1460;

    private static final int SYN = 0x02;
    private static final int ACK = 0x10;
    private static final int PSH = 0x08;
    private static final int FIN = 0x01;
    private static final int HEADERS = 40;

    private final PcapngWriter out;
    private final byte[] clientIp;
    private final byte[] serverIp;
    private final int clientPort;
    private final int serverPort;
    private final byte[] packet = new byte[HEADERS + MSS];
    private int clientSeq = 0x10000000;
    private int serverSeq = 0x50000000;
    private int clientIpId = 1;
    private int serverIpId = 1;
    private long lastNanos;

    TcpFlow(PcapngWriter out, byte[] clientIp, int clientPort, byte[] serverIp, int serverPort) {
        this.out = out;
        this.clientIp = clientIp;
        this.clientPort = clientPort;
        this.serverIp = serverIp;
        this.serverPort = serverPort;
    }

    void open(long epochNanos) throws IOException {
        segment(true, epochNanos, SYN, 0, null, 0, 0);
        clientSeq++;
        segment(false, epochNanos, SYN | ACK, clientSeq, null, 0, 0);
        serverSeq++;
        segment(true, epochNanos, ACK, serverSeq, null, 0, 0);
    }

    /** Bytes one side wrote, as segments; the last one is pushed. */
    void send(boolean fromClient, long epochNanos, byte[] data, int off, int len) throws IOException {
        for (int i = 0; i < len; i += MSS) {
            int n = Math.min(MSS, len - i);
            int flags = ACK | (i + n == len ? PSH : 0);
            segment(fromClient, epochNanos, flags, fromClient ? serverSeq : clientSeq, data, off + i, n);
            if (fromClient) {
                clientSeq += n;
            } else {
                serverSeq += n;
            }
        }
    }

    /** The client closes, the server closes too, the client acknowledges. */
    void close(long epochNanos) throws IOException {
        segment(true, epochNanos, FIN | ACK, serverSeq, null, 0, 0);
        clientSeq++;
        segment(false, epochNanos, FIN | ACK, clientSeq, null, 0, 0);
        serverSeq++;
        segment(true, epochNanos, ACK, serverSeq, null, 0, 0);
    }

    private void segment(boolean fromClient, long epochNanos, int flags, int ack, byte[] data, int off, int len)
            throws IOException {
        byte[] src = fromClient ? clientIp : serverIp;
        byte[] dst = fromClient ? serverIp : clientIp;
        ByteBuffer b = ByteBuffer.wrap(packet);
        // IPv4 (RFC 791 3.1): version 4, IHL 5, total length, identification, DF, TTL 64, protocol 6 (TCP)
        b.put((byte) 0x45).put((byte) 0).putShort((short) (HEADERS + len))
                .putShort((short) (fromClient ? clientIpId++ : serverIpId++)).putShort((short) 0x4000)
                .put((byte) 64).put((byte) 6).putShort((short) 0).put(src).put(dst);
        b.putShort(10, checksum(0, packet, 0, 20));
        // TCP (RFC 9293 3.1): ports, sequence, acknowledgement, data offset 5, flags, window
        b.putShort((short) (fromClient ? clientPort : serverPort)).putShort((short) (fromClient ? serverPort : clientPort))
                .putInt(fromClient ? clientSeq : serverSeq).putInt((flags & ACK) != 0 ? ack : 0)
                .put((byte) 0x50).put((byte) flags).putShort((short) 0xFFFF).putShort((short) 0).putShort((short) 0);
        if (len > 0) {
            System.arraycopy(data, off, packet, HEADERS, len);
        }
        // the TCP checksum covers a pseudo header: addresses, protocol, TCP length (RFC 9293 3.1)
        int pseudo = sum(src) + sum(dst) + 6 + 20 + len;
        b.putShort(36, checksum(pseudo, packet, 20, 20 + len));
        lastNanos = Math.max(lastNanos, epochNanos);
        out.packet(lastNanos, packet, HEADERS + len);
    }

    private static int sum(byte[] ip) {
        return ((ip[0] & 0xFF) << 8 | (ip[1] & 0xFF)) + ((ip[2] & 0xFF) << 8 | (ip[3] & 0xFF));
    }

    /** The Internet checksum (RFC 1071): ones' complement of the ones' complement sum of 16-bit words. */
    static short checksum(int initial, byte[] bytes, int off, int len) {
        long sum = initial;
        int i = off;
        for (int end = off + (len & ~1); i < end; i += 2) {
            sum += (bytes[i] & 0xFF) << 8 | (bytes[i + 1] & 0xFF);
        }
        if ((len & 1) != 0) {
            sum += (bytes[i] & 0xFF) << 8;
        }
        while ((sum >>> 16) != 0) {
            sum = (sum & 0xFFFF) + (sum >>> 16);
        }
        return (short) ~sum;
    }
}
