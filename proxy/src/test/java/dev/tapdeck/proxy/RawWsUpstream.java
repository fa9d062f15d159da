package dev.tapdeck.proxy;

import dev.tapdeck.protocol.ws.HandshakeChecker;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A WebSocket server on plain sockets, no Vert.x: it answers the upgrade with a 101 (its own header
 * fields, optionally followed in the same write by frames of its own) or with a scripted refusal, then
 * echoes every frame unmasked until a Close, which it echoes before closing. Every byte after the heads is
 * kept per connection, so tests can compare what was sent with what arrived.
 */
final class RawWsUpstream implements AutoCloseable {
    static final Pattern KEY = Pattern.compile("(?im)^Sec-WebSocket-Key:\\s*(\\S+)\\s*$");

    /** One accepted connection: the request head and the bytes that crossed after the heads. */
    static final class Conn {
        volatile String requestHead;
        final ByteArrayOutputStream received = new ByteArrayOutputStream();
        final ByteArrayOutputStream sent = new ByteArrayOutputStream();
        volatile boolean finished;

        synchronized byte[] received() {
            return received.toByteArray();
        }

        synchronized byte[] sent() {
            return sent.toByteArray();
        }

        synchronized int receivedCount() {
            return received.size();
        }
    }

    final List<Conn> connections = new CopyOnWriteArrayList<>();
    /** Frames are read only once this is released (a server that stops reading, for back-pressure tests). */
    final CountDownLatch reading = new CountDownLatch(1);
    private final ServerSocket server;
    private final String extraHeaders;
    private final byte[] afterHead;
    private final byte[] refusal;

    /** Upgrades, adds {@code extraHeaders} (CRLF-terminated lines) to its 101, then writes {@code afterHead}. */
    static RawWsUpstream echo(String extraHeaders, byte[] afterHead) throws IOException {
        return new RawWsUpstream(extraHeaders, afterHead, null, false);
    }

    /** Like {@link #echo} with nothing extra, but reads no frame until {@link #reading} is counted down. */
    static RawWsUpstream stalled() throws IOException {
        return new RawWsUpstream("", new byte[0], null, true);
    }

    /** Answers every upgrade with these exact bytes and closes. */
    static RawWsUpstream refusing(byte[] response) throws IOException {
        return new RawWsUpstream("", new byte[0], response, false);
    }

    private RawWsUpstream(String extraHeaders, byte[] afterHead, byte[] refusal, boolean stalled) throws IOException {
        this.extraHeaders = extraHeaders;
        this.afterHead = afterHead;
        this.refusal = refusal;
        this.server = new ServerSocket(0, 10, InetAddress.getLoopbackAddress());
        if (!stalled) {
            reading.countDown();
        }
        Thread t = new Thread(this::acceptLoop, "raw-ws-upstream");
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return server.getLocalPort();
    }

    private void acceptLoop() {
        while (!server.isClosed()) {
            try {
                Socket s = server.accept();
                Conn c = new Conn();
                connections.add(c);
                Thread t = new Thread(() -> serve(s, c), "raw-ws-upstream-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return; // closed
            }
        }
    }

    private void serve(Socket s, Conn c) {
        try (s) {
            InputStream in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            c.requestHead = RawWsClient.readHead(in);
            if (refusal != null) {
                out.write(refusal);
                out.flush();
                return;
            }
            Matcher m = KEY.matcher(c.requestHead);
            String accept = m.find() ? HandshakeChecker.acceptFor(m.group(1)) : "no-key";
            String head = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                    + "Sec-WebSocket-Accept: " + accept + "\r\n" + extraHeaders + "\r\n";
            byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
            byte[] first = new byte[h.length + afterHead.length];
            System.arraycopy(h, 0, first, 0, h.length);
            System.arraycopy(afterHead, 0, first, h.length, afterHead.length);
            synchronized (c) {
                c.sent.write(afterHead);
            }
            out.write(first); // one write: the frames after the 101 travel in the head's packet
            out.flush();
            reading.await();
            echo(new DataInputStream(new Recording(in, c)), out, c);
        } catch (IOException e) {
            // the proxy dropped the connection: what arrived is recorded
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            c.finished = true;
        }
    }

    /** Reads frames and writes each back unmasked; stops after a Close. */
    private static void echo(DataInputStream in, OutputStream out, Conn c) throws IOException {
        while (true) {
            int b0;
            try {
                b0 = in.readUnsignedByte();
            } catch (EOFException e) {
                return;
            }
            int b1 = in.readUnsignedByte();
            long len = b1 & 0x7F;
            int ext = len == 126 ? 2 : len == 127 ? 8 : 0;
            if (ext > 0) {
                len = 0;
                for (int i = 0; i < ext; i++) {
                    len = (len << 8) | in.readUnsignedByte();
                }
            }
            boolean masked = (b1 & 0x80) != 0;
            byte[] key = new byte[4];
            if (masked) {
                in.readFully(key);
            }
            byte[] payload = new byte[(int) len];
            in.readFully(payload);
            for (int i = 0; masked && i < payload.length; i++) {
                payload[i] ^= key[i & 3];
            }
            byte[] frame = frame(b0, payload);
            synchronized (c) {
                c.sent.write(frame);
            }
            out.write(frame);
            out.flush();
            if ((b0 & 0x0F) == 0x8) {
                return;
            }
        }
    }

    /** Keeps every byte read after the request head. */
    private static final class Recording extends FilterInputStream {
        private final Conn c;

        Recording(InputStream in, Conn c) {
            super(in);
            this.c = c;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            if (b >= 0) {
                synchronized (c) {
                    c.received.write(b);
                }
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            if (n > 0) {
                synchronized (c) {
                    c.received.write(b, off, n);
                }
            }
            return n;
        }
    }

    /** An unmasked frame with the first byte {@code b0} and this payload. */
    static byte[] frame(int b0, byte[] payload) {
        ByteArrayOutputStream f = new ByteArrayOutputStream();
        f.write(b0);
        if (payload.length <= 125) {
            f.write(payload.length);
        } else if (payload.length <= 65535) {
            f.write(126);
            f.write(payload.length >> 8);
            f.write(payload.length);
        } else {
            f.write(127);
            for (int shift = 56; shift >= 0; shift -= 8) {
                f.write((int) ((long) payload.length >>> shift));
            }
        }
        f.write(payload, 0, payload.length);
        return f.toByteArray();
    }

    @Override
    public void close() throws IOException {
        server.close();
    }
}
