package dev.tapdeck.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** A WebSocket client on a plain java.net.Socket: writes hand-built bytes, reads everything back. */
final class RawWsClient implements AutoCloseable {
    static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
    private static final int MAX_HEAD = 64 * 1024;

    private final Socket socket;
    final ByteArrayOutputStream sent = new ByteArrayOutputStream();
    String responseHead;

    RawWsClient(int port) throws IOException {
        socket = new Socket(InetAddress.getLoopbackAddress(), port);
        socket.setTcpNoDelay(true);
        socket.setSoTimeout(20_000); // a guard against a hang, not a timed assertion
    }

    /** The upgrade request with these extra CRLF-terminated header lines. */
    static String upgrade(String path, String extraHeaders) {
        return "GET " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n";
    }

    /** Sends a request head and reads the response head (the body, if any, stays unread). */
    String handshake(String requestHead) throws IOException {
        socket.getOutputStream().write(requestHead.getBytes(StandardCharsets.ISO_8859_1));
        responseHead = readHead(socket.getInputStream());
        return responseHead;
    }

    void send(byte[] bytes) throws IOException {
        sent.write(bytes);
        socket.getOutputStream().write(bytes);
        socket.getOutputStream().flush();
    }

    /** Exactly {@code n} bytes. */
    byte[] read(int n) throws IOException {
        return socket.getInputStream().readNBytes(n);
    }

    /** Everything the proxy sends until it closes the connection. */
    byte[] readToEnd() throws IOException {
        ByteArrayOutputStream all = new ByteArrayOutputStream();
        byte[] buf = new byte[16 * 1024];
        InputStream in = socket.getInputStream();
        try {
            for (int n = in.read(buf); n >= 0; n = in.read(buf)) {
                all.write(buf, 0, n);
            }
        } catch (SocketTimeoutException e) {
            throw new IOException("the proxy did not close the connection; got " + all.size() + " bytes", e);
        } catch (IOException e) {
            // a reset after the last bytes: what arrived is the answer
        }
        return all.toByteArray();
    }

    /** Reads an HTTP head up to and including the empty line, byte by byte (nothing after it is consumed). */
    static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b < 0) {
                throw new IOException("connection closed inside an HTTP head: "
                        + head.toString(StandardCharsets.ISO_8859_1));
            }
            head.write(b);
            if (head.size() > MAX_HEAD) {
                throw new IOException("HTTP head longer than " + MAX_HEAD + " bytes");
            }
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
        }
        return head.toString(StandardCharsets.ISO_8859_1);
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }
}
