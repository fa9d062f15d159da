package dev.tapdeck.protocol.corpus;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;

/**
 * The pypsrp recordings ({@value #FOLDER}): real requests of the pypsrp client and real answers of
 * Windows servers, one YAML file per session:
 * <pre>
 * messages:
 * - request: &lt;s:Envelope …&gt;
 *   response: &lt;s:Envelope …&gt;      # null with http_error: true
 *   transport_error: {protocol: http, code: 500}   # optional
 * </pre>
 * {@code _template.yml} documents the format and is not a recording: it is left out.
 */
public final class PypsrpRecordings {
    public static final String FOLDER = "winrm/pypsrp/responses";

    private static final YAMLMapper YAML = new YAMLMapper();
    /** Parsed once per JVM (SnakeYAML takes seconds for the 3.6 MB); callers get copies of the bytes. */
    private static final Map<Path, Recording> CACHE = new ConcurrentHashMap<>();

    private PypsrpRecordings() {
    }

    /** Every recording, sorted by file name; skips the calling test when the corpus is absent. */
    public static List<Recording> all() {
        List<Recording> out = new ArrayList<>();
        for (Path p : Corpus.files(FOLDER, "*.yml")) {
            if (!p.getFileName().toString().startsWith("_")) {
                out.add(load(p));
            }
        }
        return out;
    }

    /** One recording by file name, e.g. {@code "test_winrs_send.yml"}. */
    public static Recording named(String fileName) {
        return load(Corpus.require(FOLDER + "/" + fileName));
    }

    /** Reads one YAML recording; the bodies are fresh arrays that the caller may modify. */
    public static Recording load(Path yml) {
        Recording cached = CACHE.computeIfAbsent(yml.toAbsolutePath().normalize(), PypsrpRecordings::parse);
        List<RecordedExchange> copies = new ArrayList<>(cached.exchanges().size());
        for (RecordedExchange x : cached.exchanges()) {
            copies.add(new RecordedExchange(x.index(), x.declaredAction(), x.request().clone(),
                    x.hasResponse() ? x.response().clone() : null, x.transportErrorCode()));
        }
        return new Recording(cached.name(), cached.file(), copies);
    }

    private static Recording parse(Path yml) {
        JsonNode root;
        try {
            root = YAML.readTree(yml.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + yml, e);
        }
        List<RecordedExchange> exchanges = new ArrayList<>();
        for (JsonNode m : root.path("messages")) {
            JsonNode code = m.path("transport_error").path("code");
            exchanges.add(new RecordedExchange(exchanges.size(), null, utf8(m.get("request")), utf8(m.get("response")),
                    code.isNumber() ? code.intValue() : null));
        }
        return new Recording(yml.getFileName().toString(), yml, exchanges);
    }

    private static byte[] utf8(JsonNode node) {
        return node == null || node.isNull() ? null : node.asText().getBytes(StandardCharsets.UTF_8);
    }
}
