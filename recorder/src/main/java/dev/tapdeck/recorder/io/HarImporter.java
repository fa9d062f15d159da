package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.protocol.ws.FrameEncoder;
import dev.tapdeck.protocol.ws.Opcode;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.TapEvent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Reads a HAR 1.2 file (from Tapdeck, Chrome, Firefox, …) back into Tapdeck recordings, one entry at a
 * time: the HTTP entries become one recording (protocol {@code winrm} unless the HAR came from Tapdeck and
 * says otherwise), each WebSocket entry ({@code _resourceType} websocket or {@code _webSocketMessages})
 * one recording of its own, its messages turned into frames: unmasked from the server, masked from the
 * client with deterministic keys (RFC 6455 5.3; the HAR does not keep the original keys), FIN cleared
 * on a data frame that a continuation frame follows. The {@code _tapdeck} fields of a Tapdeck export
 * restore the header, the exchange numbers and the exact offsets; otherwise offsets come from
 * {@code startedDateTime}, {@code time} and the messages' {@code time}. Session ids are new
 * ({@code har-<file>-<sha256>}), so an import never replaces the recording it came from.
 */
public final class HarImporter {
    public static final String FROM = "har";
    private static final long MS = 1_000_000L;

    private final Path har;
    private final Path directory;
    private final String baseId;
    private final String sha256;
    private final List<Path> written = new ArrayList<>();
    private JsonNode original;
    private RecordingFileWriter http;
    private String httpSession;
    private Instant httpStart;
    private long httpLastT;
    private int exchanges;
    private int webSockets;

    private HarImporter(Path har, Path directory, String sha256) {
        this.har = har;
        this.directory = directory;
        this.sha256 = sha256;
        this.baseId = FROM + "-" + har.getFileName().toString().replaceFirst("\\.har$", "") + "-" + sha256.substring(0, 12);
    }

    /** Imports {@code har} into {@code directory}; returns the recordings written, in entry order. */
    public static List<Path> importFile(Path har, Path directory, LongConsumer progress) throws IOException {
        HarImporter importer = new HarImporter(har, directory, Digests.sha256(har));
        try (InputStream in = new ProgressInputStream(Files.newInputStream(har), progress);
             JsonParser p = RecordingFormat.mapper().getFactory().createParser(in)) {
            importer.read(p);
            importer.finishHttp();
        } catch (IOException | RuntimeException e) {
            // all or nothing: no recording of a HAR that could not be read to its end
            if (importer.http != null) {
                importer.http.close();
            }
            for (Path f : importer.written) {
                Files.deleteIfExists(f);
            }
            if (e instanceof com.fasterxml.jackson.core.JsonProcessingException j) {
                throw new IOException(har + ": not a HAR file (" + j.getOriginalMessage() + ")", j);
            }
            throw e;
        }
        return importer.written;
    }

    private void read(JsonParser p) throws IOException {
        if (p.nextToken() != JsonToken.START_OBJECT) {
            throw new IOException(har + ": not a HAR file (expected an object with 'log')");
        }
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            boolean log = "log".equals(p.currentName());
            if (p.nextToken() == JsonToken.START_OBJECT && log) {
                readLog(p);
                return;
            }
            p.skipChildren();
        }
        throw new IOException(har + ": not a HAR file (no 'log' object)");
    }

    private void readLog(JsonParser p) throws IOException {
        boolean entries = false;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            JsonToken value = p.nextToken();
            if ("_tapdeck".equals(name)) {
                original = p.readValueAsTree();
            } else if ("entries".equals(name) && value == JsonToken.START_ARRAY) {
                entries = true;
                while (p.nextToken() == JsonToken.START_OBJECT) {
                    entry(p.readValueAsTree());
                }
            } else {
                p.skipChildren();
            }
        }
        if (!entries) {
            throw new IOException(har + ": not a HAR file (no 'log.entries' list)");
        }
    }

    private void entry(JsonNode e) throws IOException {
        if ("websocket".equals(e.path("_resourceType").asText()) || e.has("_webSocketMessages")) {
            webSocket(e);
        } else {
            httpEntry(e);
        }
    }

    private void httpEntry(JsonNode e) throws IOException {
        JsonNode req = e.path("request");
        JsonNode res = e.path("response");
        JsonNode td = e.path("_tapdeck");
        if (http == null) {
            httpStart = start(e, "winrm");
            httpSession = baseId;
            http = RecordingFileWriter.create(directory, header(httpSession, e, "winrm", httpStart), imported(null));
            written.add(http.file());
        }
        long t0 = td.has("requestT") ? td.path("requestT").asLong() : offset(httpStart, e);
        long t1 = td.has("responseT") ? td.path("responseT").asLong() : t0 + Math.round(e.path("time").asDouble(0) * MS);
        int exchange = td.has("exchange") ? td.path("exchange").asInt() : exchanges + 1;
        exchanges = Math.max(exchanges, exchange);
        http.write(new TapEvent.HttpMessageCaptured(httpSession, http.nextSeq(), t0, exchange, Direction.CLIENT_TO_SERVER,
                HarFields.requestHead(req), HarFields.text(req.path("postData"), "_encoding"), null, List.of(), TapEvent.Verdict.FORWARDED));
        httpLastT = Math.max(httpLastT, t0);
        if (res.path("status").asInt() > 0) {
            http.write(new TapEvent.HttpMessageCaptured(httpSession, http.nextSeq(), t1, exchange, Direction.SERVER_TO_CLIENT,
                    HarFields.responseHead(res), HarFields.text(res.path("content"), "encoding"), null, List.of(), TapEvent.Verdict.FORWARDED));
            httpLastT = Math.max(httpLastT, t1);
        } else if (!td.isObject() || td.has("what")) {
            http.write(new TapEvent.TransportFailed(httpSession, http.nextSeq(), t1, exchange,
                    td.path("what").asText("upstream-failed"), res.path("_error").asText("no response in the HAR")));
            httpLastT = Math.max(httpLastT, t1);
        }
    }

    private void webSocket(JsonNode e) throws IOException {
        webSockets++;
        String session = baseId + "-ws" + webSockets;
        Instant start = start(e, "websocket");
        JsonNode td = e.path("_tapdeck");
        long t = td.has("requestT") ? td.path("requestT").asLong() : offset(start, e);
        JsonNode res = e.path("response");
        HttpHead response = HarFields.responseHead(res);
        boolean upgraded = res.path("status").asInt() == 101;
        String extensions = response.header("Sec-WebSocket-Extensions");
        try (RecordingFileWriter w = RecordingFileWriter.create(directory, header(session, e, "websocket", start),
                imported(webSockets))) {
            written.add(w.file());
            w.write(new TapEvent.WsHandshakeRelayed(session, w.nextSeq(), t, td.path("exchange").asInt(1),
                    HarFields.requestHead(e.path("request")), response, upgraded ? new byte[0] : HarFields.text(res.path("content"), "encoding"),
                    upgraded, response.header("Sec-WebSocket-Protocol"),
                    extensions == null ? List.of() : Arrays.stream(extensions.split(",")).map(String::trim).toList(),
                    List.of(), TapEvent.Verdict.FORWARDED));
            long last = t;
            if (upgraded) {
                last = Math.max(last, messages(w, session, start, e.path("_webSocketMessages")));
            }
            w.end(session, last, "imported");
        }
    }

    /** Writes the messages as frames, one ws-chunk each; returns the last offset. */
    private long messages(RecordingFileWriter w, String session, Instant start, JsonNode messages) throws IOException {
        // a data frame is the last of its message unless the next data frame of its direction continues it
        boolean[] fin = new boolean[messages.size()];
        int[] nextData = {-1, -1};
        for (int k = messages.size() - 1; k >= 0; k--) {
            JsonNode m = messages.get(k);
            int d = "send".equals(m.path("type").asText()) ? 0 : 1;
            int op = m.path("opcode").asInt(Opcode.TEXT);
            fin[k] = Opcode.isControl(op) || nextData[d] != Opcode.CONTINUATION;
            if (!Opcode.isControl(op)) {
                nextData[d] = op;
            }
        }
        long[] off = new long[2];
        long last = 0;
        int keys = 0;
        double startSeconds = start.getEpochSecond() + start.getNano() / 1e9;
        for (int k = 0; k < messages.size(); k++) {
            JsonNode m = messages.get(k);
            boolean send = "send".equals(m.path("type").asText());
            int op = m.path("opcode").asInt(Opcode.TEXT);
            boolean base64 = op != Opcode.TEXT && op != Opcode.CONTINUATION || "base64".equals(m.path("_encoding").asText());
            String data = m.path("data").asText("");
            byte[] payload = base64 ? Base64.getDecoder().decode(data) : data.getBytes(java.nio.charset.StandardCharsets.UTF_8);
            byte[] frame = FrameEncoder.encode(fin[k], m.path("_rsv").asInt(0), op, send, send ? maskKey(keys++) : 0, payload);
            long t = Math.max(0, Math.round((m.path("time").asDouble(startSeconds) - startSeconds) * 1e9));
            int d = send ? 0 : 1;
            w.write(new TapEvent.WsChunkRelayed(session, w.nextSeq(), t, send ? Direction.CLIENT_TO_SERVER : Direction.SERVER_TO_CLIENT,
                    off[d], frame, off[d] + frame.length));
            off[d] += frame.length;
            last = Math.max(last, t);
        }
        return last;
    }

    /** Masking keys of the synthesised client frames: fixed, so an import gives the same bytes twice. */
    static int maskKey(int k) {
        long z = (k + 1) * 0x9E3779B97F4A7C15L;
        z ^= z >>> 31;
        return (int) z;
    }

    private void finishHttp() throws IOException {
        if (http != null) {
            try {
                http.end(httpSession, httpLastT, "imported");
            } finally {
                http.close();
                http = null;
            }
        }
    }

    /** The session start: the original header's when it describes this kind of session, else the entry's. */
    private Instant start(JsonNode e, String protocol) {
        if (original != null && protocol.equals(original.path("protocol").asText()) && original.has("startedAt")) {
            return Instant.parse(original.path("startedAt").asText());
        }
        return HarFields.instant(e);
    }

    private TapEvent.SessionStarted header(String session, JsonNode e, String protocol, Instant start) {
        boolean same = original != null && protocol.equals(original.path("protocol").asText());
        String upstream = same ? original.path("upstream").asText() : HarFields.upstreamOf(e.path("request").path("url").asText());
        return new TapEvent.SessionStarted(session, 0, 0, protocol, same ? original.path("listener").asText("import") : "import",
                same ? original.path("client").asText(FROM) : FROM, upstream, start.toEpochMilli(),
                RecordingFileWriter.tapdeckVersion(), same && original.path("redacted").asBoolean());
    }

    private ObjectNode imported(Integer webSocket) {
        ObjectNode n = RecordingFormat.mapper().createObjectNode().put("from", FROM)
                .put("file", har.getFileName().toString()).put("sha256", sha256);
        if (webSocket != null) {
            n.put("webSocket", webSocket);
        }
        if (original != null && original.has("sessionId")) {
            n.put("sessionId", original.path("sessionId").asText());
        }
        return n;
    }

    private static long offset(Instant start, JsonNode e) {
        return Math.max(0, java.time.Duration.between(start, HarFields.instant(e)).toNanos());
    }
}
