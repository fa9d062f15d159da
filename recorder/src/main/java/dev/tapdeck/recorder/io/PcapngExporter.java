package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.RecordingLines;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Locale;
import java.util.Map;
import java.util.function.LongConsumer;

/**
 * Writes a recording as a pcapng capture that Wireshark and tshark decode down to HTTP and WebSocket:
 * the session's client connection becomes one synthesised TCP connection (handshake, data, FIN) between
 * the header's client and upstream addresses, streamed line by line. HTTP messages are rebuilt from the
 * recorded heads (start line, then the headers in wire order) and bodies; Content-Length is set to the
 * recorded body's length (redaction may have changed it) and added where the head has no framing, and a
 * chunked body goes out as one chunk. A WebSocket session is its handshake, then the raw bytes of each
 * {@code ws-chunk} as they crossed the wire. Timestamps are the header's start plus each line's offset.
 * Addresses that are not IPv4 {@code address:port} fall back to {@link #FALLBACK_CLIENT} and
 * {@link #FALLBACK_SERVER} (RFC 5737 documentation addresses), the port to the scheme's.
 */
public final class PcapngExporter {
    public static final String FALLBACK_CLIENT = "192.0.2.1:49152";
    public static final String FALLBACK_SERVER = "198.51.100.1";

    private final JsonNode header;
    private final TcpFlow flow;
    private final long startNanos;
    private long lastT;

    private PcapngExporter(JsonNode header, TcpFlow flow) {
        this.header = header;
        this.flow = flow;
        Instant start = RecordedLines.at(header, 0);
        this.startNanos = start.getEpochSecond() * 1_000_000_000L + start.getNano();
    }

    /**
     * Writes {@code recording} as pcapng to {@code out} (left open); {@code progress} gets bytes read. Returns what
     * could not be read (damaged lines skipped, a torn last line: {@link RecordingLines#problems()}), null when all was.
     */
    public static String export(Path recording, OutputStream out, LongConsumer progress) throws IOException {
        try (RecordingLines lines = RecordingLines.open(recording, progress)) {
            JsonNode header = lines.header();
            PcapngWriter pcap = new PcapngWriter(out);
            pcap.start("Tapdeck " + RecordingFileWriter.tapdeckVersion() + " from recording " + header.path("sessionId").asText());
            String[] client = hostPort(header.path("client").asText(""), FALLBACK_CLIENT);
            URI upstream = RecordedLines.upstream(header);
            byte[] serverIp = ipv4(upstream == null ? null : upstream.getHost());
            int serverPort = upstream == null ? 80 : upstream.getPort() > 0 ? upstream.getPort()
                    : "https".equals(upstream.getScheme()) || "wss".equals(upstream.getScheme()) ? 443 : 80;
            TcpFlow flow = new TcpFlow(pcap, ipv4(client[0]), Integer.parseInt(client[1]),
                    serverIp == null ? ipv4(FALLBACK_SERVER) : serverIp, serverPort);
            new PcapngExporter(header, flow).write(lines);
            out.flush();
            return lines.problems();
        }
    }

    private void write(RecordingLines lines) throws IOException {
        flow.open(startNanos + header.path("t").asLong());
        for (JsonNode line = lines.next(); line != null; line = lines.next()) {
            String type = line.path("type").asText();
            long t = line.path("t").asLong();
            lastT = Math.max(lastT, t);
            if ("http".equals(type)) {
                message("c2s".equals(line.path("dir").asText()), t, line.path("head"), RecordedLines.bytes(line, "body"));
            } else if ("ws-handshake".equals(type)) {
                message(true, t, line.path("request"), new byte[0]);
                message(false, t, line.path("response"), RecordedLines.bytes(line, "body"));
            } else if ("ws-chunk".equals(type)) {
                byte[] data = RecordedLines.bytes(line, "data");
                flow.send("c2s".equals(line.path("dir").asText()), startNanos + t, data, 0, data.length);
            }
        }
        flow.close(startNanos + lastT);
    }

    private void message(boolean fromClient, long t, JsonNode recordedHead, byte[] body) throws IOException {
        HttpHead head = RecordedLines.head(recordedHead);
        boolean chunked = head.headers().stream().anyMatch(h -> h.getKey().equalsIgnoreCase("Transfer-Encoding")
                && h.getValue().toLowerCase(Locale.ROOT).contains("chunked"));
        boolean noBodyAllowed = !head.isRequest() && (head.status() < 200 || head.status() == 204 || head.status() == 304);
        StringBuilder s = new StringBuilder(256);
        if (head.isRequest()) {
            s.append(head.method()).append(' ').append(head.uri()).append(' ').append(head.version());
        } else {
            s.append(head.version()).append(' ').append(head.status()).append(' ').append(HttpStatusText.of(head.status()));
        }
        s.append("\r\n");
        boolean hasLength = false;
        for (Map.Entry<String, String> h : head.headers()) {
            String value = h.getValue();
            if (h.getKey().equalsIgnoreCase("Content-Length") && !chunked) {
                value = String.valueOf(body.length);
                hasLength = true;
            }
            s.append(h.getKey()).append(": ").append(value).append("\r\n");
        }
        // without framing the peer (and tshark) would read the body up to the end of the connection
        if (!hasLength && !chunked && !noBodyAllowed && (body.length > 0 || !head.isRequest())) {
            s.append("Content-Length: ").append(body.length).append("\r\n");
        }
        s.append("\r\n");
        byte[] start = s.toString().getBytes(StandardCharsets.ISO_8859_1);
        long at = startNanos + t;
        flow.send(fromClient, at, start, 0, start.length);
        if (chunked) {
            ByteArrayOutputStream c = new ByteArrayOutputStream(body.length + 16);
            if (body.length > 0) {
                c.writeBytes((Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.US_ASCII));
                c.writeBytes(body);
                c.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
            }
            c.writeBytes("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
            byte[] framed = c.toByteArray();
            flow.send(fromClient, at, framed, 0, framed.length);
        } else {
            flow.send(fromClient, at, body, 0, body.length);
        }
    }

    /** {@code address:port} of an IPv4 literal, else the fallback's. */
    private static String[] hostPort(String value, String fallback) {
        int colon = value.lastIndexOf(':');
        if (colon > 0 && ipv4(value.substring(0, colon)) != null) {
            try {
                int port = Integer.parseInt(value.substring(colon + 1));
                if (port > 0 && port < 65536) {
                    return new String[]{value.substring(0, colon), String.valueOf(port)};
                }
            } catch (NumberFormatException e) {
                // fall back
            }
        }
        return fallback.split(":");
    }

    /** The 4 bytes of a dotted-quad IPv4 literal, null for anything else (names are never resolved). */
    static byte[] ipv4(String s) {
        if (s == null) {
            return null;
        }
        String[] parts = s.split("\\.", -1);
        if (parts.length != 4) {
            return null;
        }
        byte[] ip = new byte[4];
        for (int i = 0; i < 4; i++) {
            if (parts[i].isEmpty() || parts[i].length() > 3 || !parts[i].chars().allMatch(Character::isDigit)) {
                return null;
            }
            int v = Integer.parseInt(parts[i]);
            if (v > 255) {
                return null;
            }
            ip[i] = (byte) v;
        }
        return ip;
    }
}
