package dev.tapdeck.protocol.corpus;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Test-side TCP reassembly and HTTP/1.1 message split of one client connection of a capture: the requests
 * (client to server) and the responses (server to client), in order, with their headers and bodies.
 */
public final class HttpConversation {

    /** One HTTP message: start line, headers (lower-case names, last value wins; multi-values joined by ", "), body. */
    public record Message(String startLine, Map<String, List<String>> headers, byte[] body) {
        public String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(v.size() - 1);
        }

        public List<String> headers(String name) {
            return headers.getOrDefault(name.toLowerCase(Locale.ROOT), List.of());
        }
    }

    public record Exchange(Message request, Message response) {
    }

    private HttpConversation() {
    }

    /** The exchanges of the TCP connection whose client port is {@code clientPort}. */
    public static List<Exchange> of(List<Pcapng.Segment> segments, int clientPort) {
        byte[] up = stream(segments, s -> s.srcPort() == clientPort);
        byte[] down = stream(segments, s -> s.dstPort() == clientPort);
        List<Message> requests = messages(up, false);
        List<Message> responses = messages(down, true);
        List<Exchange> out = new ArrayList<>();
        for (int i = 0; i < requests.size(); i++) {
            out.add(new Exchange(requests.get(i), i < responses.size() ? responses.get(i) : null));
        }
        return out;
    }

    private static byte[] stream(List<Pcapng.Segment> all, java.util.function.Predicate<Pcapng.Segment> direction) {
        List<Pcapng.Segment> segs = all.stream().filter(direction).toList();
        long isn = segs.stream().filter(Pcapng.Segment::syn).findFirst().map(s -> s.seq() + 1)
            .orElseThrow(() -> new IllegalStateException("no SYN in the capture for this direction"));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        long next = isn;
        List<Pcapng.Segment> data = new ArrayList<>(segs.stream().filter(s -> s.payload().length > 0).toList());
        data.sort(Comparator.comparingLong(s -> (s.seq() - isn) & 0xffffffffL));
        for (Pcapng.Segment s : data) {
            long rel = (s.seq() - next) & 0xffffffffL;
            if (rel > 0x7fffffffL) {
                // starts before what we have (retransmission or overlap): keep only the new tail
                int skip = (int) ((next - s.seq()) & 0xffffffffL);
                if (skip < s.payload().length) {
                    out.write(s.payload(), skip, s.payload().length - skip);
                    next = (next + s.payload().length - skip) & 0xffffffffL;
                }
            } else if (rel == 0) {
                out.writeBytes(s.payload());
                next = (next + s.payload().length) & 0xffffffffL;
            } else {
                throw new IllegalStateException("gap of " + rel + " bytes in the TCP stream");
            }
        }
        return out.toByteArray();
    }

    private static List<Message> messages(byte[] b, boolean responses) {
        List<Message> out = new ArrayList<>();
        int pos = 0;
        while (pos < b.length) {
            int headEnd = indexOf(b, "\r\n\r\n".getBytes(StandardCharsets.US_ASCII), pos);
            if (headEnd < 0) {
                break;
            }
            String[] lines = new String(b, pos, headEnd - pos, StandardCharsets.ISO_8859_1).split("\r\n");
            Map<String, List<String>> headers = new LinkedHashMap<>();
            for (int i = 1; i < lines.length; i++) {
                int c = lines[i].indexOf(':');
                headers.computeIfAbsent(lines[i].substring(0, c).strip().toLowerCase(Locale.ROOT), k -> new ArrayList<>())
                    .add(lines[i].substring(c + 1).strip());
            }
            pos = headEnd + 4;
            List<String> cl = headers.get("content-length");
            List<String> te = headers.get("transfer-encoding");
            byte[] body;
            if (te != null && te.get(0).equalsIgnoreCase("chunked")) {
                ByteArrayOutputStream chunks = new ByteArrayOutputStream();
                while (true) {
                    int eol = indexOf(b, "\r\n".getBytes(StandardCharsets.US_ASCII), pos);
                    int size = Integer.parseInt(new String(b, pos, eol - pos, StandardCharsets.US_ASCII).split(";")[0].strip(), 16);
                    pos = eol + 2;
                    if (size == 0) {
                        pos = indexOf(b, "\r\n".getBytes(StandardCharsets.US_ASCII), pos) + 2;
                        break;
                    }
                    chunks.write(b, pos, size);
                    pos += size + 2;
                }
                body = chunks.toByteArray();
            } else {
                int n = cl == null ? 0 : Integer.parseInt(cl.get(cl.size() - 1));
                body = java.util.Arrays.copyOfRange(b, pos, pos + n);
                pos += n;
            }
            out.add(new Message(lines[0], headers, body));
        }
        return out;
    }

    private static int indexOf(byte[] b, byte[] needle, int from) {
        outer:
        for (int i = from; i + needle.length <= b.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (b[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        return -1;
    }
}
