package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.HttpHead;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.TapEvent;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.LongConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns a pypsrp YAML recording (real pypsrp requests and real Windows answers, see the corpus README)
 * into a Tapdeck recording, so those sessions can be replayed and inspected:
 * <pre>
 * messages:
 * - request: &lt;s:Envelope …&gt;
 *   response: &lt;s:Envelope …&gt;                  # null with http_error: true
 *   transport_error: {protocol: http, code: 500}  # the status when it was not 200
 *   timeout: 1                                    # seconds the server waited before answering
 * </pre>
 * The bodies go in byte for byte (the UTF-8 of the YAML strings). The YAML holds no HTTP heads, clock or
 * addresses, so these are synthetic and deterministic: a POST of {@code application/soap+xml} to the
 * path and host of the first request's {@code wsa:To}, a session id made of the file name and its
 * SHA-256, a start at {@value #STARTED_AT}, and {@value #STEP_MILLIS} ms between messages. No decoded
 * annotations are written: {@code tapdeck recompute} adds them. Messages are read one at a time.
 */
public final class PypsrpYamlImporter {
    public static final String FROM = "pypsrp-yaml";
    public static final String STARTED_AT = "2000-01-01T00:00:00Z";
    public static final int STEP_MILLIS = 10;
    /** The client address of an imported session: the YAML does not say where pypsrp ran. */
    public static final String CLIENT = "pypsrp";
    static final String SOAP = "application/soap+xml;charset=UTF-8";
    private static final String DEFAULT_TO = "http://windows-host:5985/wsman";
    private static final Pattern TO = Pattern.compile("<(?:[\\w.-]+:)?To>([^<]{1,2048})</(?:[\\w.-]+:)?To>");
    private static final long MS = 1_000_000L;

    private static final YAMLMapper YAML = new YAMLMapper();

    private PypsrpYamlImporter() {
    }

    /** Imports {@code yml} into {@code directory}; returns the recording written. */
    public static Path importFile(Path yml, Path directory, LongConsumer progress) throws IOException {
        String sha256 = Digests.sha256(yml);
        String stem = yml.getFileName().toString().replaceFirst("\\.ya?ml$", "");
        String sessionId = FROM + "-" + stem + "-" + sha256.substring(0, 12);
        try (InputStream in = new ProgressInputStream(Files.newInputStream(yml), progress);
             JsonParser p = YAML.createParser(in)) {
            if (p.nextToken() != JsonToken.START_OBJECT) {
                throw new IOException(yml + ": not a pypsrp recording (expected a mapping with 'messages')");
            }
            while (p.nextToken() == JsonToken.FIELD_NAME) {
                if ("messages".equals(p.currentName())) {
                    if (p.nextToken() != JsonToken.START_ARRAY) {
                        throw new IOException(yml + ": 'messages' is not a list");
                    }
                    return writeMessages(p, yml, sessionId, sha256, directory);
                }
                p.nextToken();
                p.skipChildren();
            }
        }
        throw new IOException(yml + ": not a pypsrp recording (no 'messages' list)");
    }

    private static Path writeMessages(JsonParser p, Path yml, String sessionId, String sha256, Path directory)
            throws IOException {
        RecordingFileWriter w = null;
        try {
            long t = 0;
            int exchange = 0;
            String uri = null;
            String host = null;
            while (p.nextToken() == JsonToken.START_OBJECT) {
                JsonNode m = YAML.readTree(p);
                byte[] request = utf8(m.get("request"));
                if (request == null) {
                    throw new IOException(yml + ": message " + (exchange + 1) + " has no request");
                }
                if (w == null) {
                    URI to = to(request);
                    uri = to.getRawPath() == null || to.getRawPath().isEmpty() ? "/wsman" : to.getRawPath();
                    host = to.getPort() < 0 ? to.getHost() : to.getHost() + ":" + to.getPort();
                    w = RecordingFileWriter.create(directory, header(sessionId, to), imported(yml, sha256));
                }
                exchange++;
                w.write(new TapEvent.HttpMessageCaptured(sessionId, w.nextSeq(), t, exchange, Direction.CLIENT_TO_SERVER,
                        HttpHead.request("POST", uri, "HTTP/1.1", List.of(Map.entry("Host", host),
                                Map.entry("Content-Type", SOAP), Map.entry("Content-Length", String.valueOf(request.length)))),
                        request, null, List.of(), TapEvent.Verdict.FORWARDED));
                // pypsrp's test server waited "timeout" seconds before it answered
                t += STEP_MILLIS / 2 * MS + (long) (m.path("timeout").asDouble(0) * 1e9);
                byte[] response = utf8(m.get("response"));
                if (response == null) {
                    w.write(new TapEvent.TransportFailed(sessionId, w.nextSeq(), t, exchange, "upstream-failed",
                            "pypsrp recording: no response (http_error: the connection failed)"));
                } else {
                    JsonNode code = m.path("transport_error").path("code");
                    int status = code.canConvertToInt() ? code.asInt() : 200;
                    w.write(new TapEvent.HttpMessageCaptured(sessionId, w.nextSeq(), t, exchange, Direction.SERVER_TO_CLIENT,
                            HttpHead.response(status, "HTTP/1.1", List.of(Map.entry("Content-Type", SOAP),
                                    Map.entry("Content-Length", String.valueOf(response.length)))),
                            response, null, List.of(), TapEvent.Verdict.FORWARDED));
                }
                t += STEP_MILLIS / 2 * MS;
            }
            if (w == null) {
                throw new IOException(yml + ": the recording has no messages");
            }
            w.end(sessionId, t, "imported");
            w.close();
            return w.file();
        } catch (IOException | RuntimeException e) {
            if (w != null) {
                // no half import that would read as a crashed recording
                w.close();
                Files.deleteIfExists(w.file());
            }
            throw e;
        }
    }

    private static TapEvent.SessionStarted header(String sessionId, URI to) {
        String upstream = to.getScheme() + "://" + to.getRawAuthority();
        return new TapEvent.SessionStarted(sessionId, 0, 0, "winrm", "import", CLIENT, upstream,
                Instant.parse(STARTED_AT).toEpochMilli(), RecordingFileWriter.tapdeckVersion(), false);
    }

    private static ObjectNode imported(Path yml, String sha256) {
        return RecordingFormat.mapper().createObjectNode().put("from", FROM)
                .put("file", yml.getFileName().toString()).put("sha256", sha256);
    }

    /** Where the first request was addressed ({@code wsa:To}), or a documented stand-in. */
    private static URI to(byte[] request) {
        Matcher m = TO.matcher(new String(request, StandardCharsets.UTF_8));
        try {
            URI to = URI.create(m.find() ? m.group(1).trim() : DEFAULT_TO);
            return to.getScheme() != null && to.getHost() != null ? to : URI.create(DEFAULT_TO);
        } catch (IllegalArgumentException e) {
            return URI.create(DEFAULT_TO);
        }
    }

    private static byte[] utf8(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText().getBytes(StandardCharsets.UTF_8);
    }
}
