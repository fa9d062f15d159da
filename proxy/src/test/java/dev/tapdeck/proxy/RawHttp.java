package dev.tapdeck.proxy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** HTTP/1.1 on a plain socket, for requests no well-behaved client would send (hostile heads, aborted bodies). */
final class RawHttp {
    private RawHttp() {
    }

    static Socket connect(int port) throws IOException {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        s.setSoTimeout(60_000); // a guard against hangs, not a timed assertion
        return s;
    }

    /** Sends {@code request} and reads until the proxy closes the connection. */
    static String exchange(int port, String request) throws IOException {
        try (Socket s = connect(port)) {
            s.getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
            s.getOutputStream().flush();
            return readToEnd(s.getInputStream());
        }
    }

    static String readToEnd(InputStream in) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[8192];
        try {
            for (int n = in.read(buf); n > 0; n = in.read(buf)) {
                out.write(buf, 0, n);
            }
        } catch (java.net.SocketException e) {
            // a reset after the answer: what arrived is the answer
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    /** A WinRM POST with {@code Connection: close}, so the proxy's client connection ends with it. */
    static String post(String path, String xml) {
        byte[] body = xml.getBytes(StandardCharsets.UTF_8);
        return "POST " + path + " HTTP/1.1\r\nHost: tapdeck\r\nContent-Type: application/soap+xml;charset=UTF-8\r\n"
                + "Connection: close\r\nContent-Length: " + body.length + "\r\n\r\n"
                + new String(body, StandardCharsets.ISO_8859_1);
    }

    /** The status code of a response; Vert.x answers a request line it could not read with HTTP/1.0. */
    static int status(String response) {
        return response.matches("(?s)HTTP/1\\.[01] \\d{3}.*") ? Integer.parseInt(response.substring(9, 12)) : -1;
    }
}
