package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.RecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every pypsrp recording of the corpus imports, and every body comes back byte for byte. */
class PypsrpYamlImporterTest {
    @TempDir
    Path dir;

    @Test
    void everyCorpusRecordingImportsWithItsBodiesByteForByte() throws Exception {
        List<Recording> corpus = PypsrpRecordings.all();
        assertEquals(66, corpus.size(), "the corpus README lists 66 pypsrp recordings");
        int exchanges = 0;
        int unanswered = 0;
        for (Recording yml : corpus) {
            AtomicLong progress = new AtomicLong();
            Path file = PypsrpYamlImporter.importFile(yml.file(), dir, progress::set);
            assertEquals(Files.size(yml.file()), progress.get(), "progress reaches the file size: " + yml.name());
            RecordingReader.Recording rec = RecordingReader.read(file);
            assertNull(rec.tornTail(), yml.name());
            assertTrue(rec.ended(), yml.name());
            assertEquals("winrm", rec.header().path("protocol").asText());
            assertEquals(PypsrpYamlImporter.FROM, rec.header().path("imported").path("from").asText());
            assertEquals(yml.name(), rec.header().path("imported").path("file").asText());

            List<JsonNode> requests = rec.http(Direction.CLIENT_TO_SERVER);
            List<JsonNode> responses = rec.http(Direction.SERVER_TO_CLIENT);
            assertEquals(yml.exchanges().size(), requests.size(), yml.name());
            int r = 0;
            for (RecordedExchange x : yml.exchanges()) {
                JsonNode req = requests.get(x.index());
                assertEquals(x.index() + 1, req.path("exchange").asInt());
                assertArrayEquals(x.request(), RecordingReader.Recording.body(req), yml.name() + " request " + x.index());
                assertEquals(String.valueOf(x.request().length), header(req, "Content-Length"));
                if (x.hasResponse()) {
                    JsonNode res = responses.get(r++);
                    assertEquals(x.index() + 1, res.path("exchange").asInt());
                    assertArrayEquals(x.response(), RecordingReader.Recording.body(res), yml.name() + " response " + x.index());
                    int status = x.transportErrorCode() == null ? 200 : x.transportErrorCode();
                    assertEquals(status, res.path("head").path("status").asInt(), yml.name() + " status " + x.index());
                    assertTrue(res.path("t").asLong() > req.path("t").asLong(), "the response comes after its request");
                } else {
                    unanswered++;
                    assertTrue(rec.ofType("transport-failed").stream()
                            .anyMatch(f -> f.path("exchange").asInt() == x.index() + 1), yml.name());
                }
            }
            assertEquals(r, responses.size(), yml.name());
            exchanges += yml.exchanges().size();
        }
        assertEquals(521, exchanges, "the corpus README counts 521 request/response pairs");
        assertEquals(1, unanswered, "one request of test_psrp_is_alive_http_error.yml has no response");
    }

    @Test
    void theImportIsDeterministicAndAddressedAsTheRequestsSay() throws Exception {
        Recording yml = PypsrpRecordings.named("test_client_execute_cmd.yml");
        Path a = PypsrpYamlImporter.importFile(yml.file(), dir.resolve("a"), null);
        Path b = PypsrpYamlImporter.importFile(yml.file(), dir.resolve("b"), null);
        assertArrayEquals(Files.readAllBytes(a), Files.readAllBytes(b));
        assertTrue(a.getFileName().toString().startsWith("pypsrp-yaml-test_client_execute_cmd-"), a.toString());
        RecordingReader.Recording rec = RecordingReader.read(a);
        // wsa:To of the first request: https://127.0.0.1:55986/wsman
        assertEquals("https://127.0.0.1:55986", rec.header().path("upstream").asText());
        JsonNode first = rec.http(Direction.CLIENT_TO_SERVER).get(0);
        assertEquals("/wsman", first.path("head").path("uri").asText());
        assertEquals("127.0.0.1:55986", header(first, "Host"));
        assertEquals(PypsrpYamlImporter.STARTED_AT, rec.header().path("startedAt").asText());
    }

    @Test
    void aFileThatIsNotAPypsrpRecordingIsAClearError() throws Exception {
        Path bad = Files.writeString(dir.resolve("bad.yml"), "- just\n- a list\n");
        var e = assertThrows(java.io.IOException.class, () -> PypsrpYamlImporter.importFile(bad, dir, null));
        assertTrue(e.getMessage().contains("not a pypsrp recording"), e.getMessage());
    }

    static String header(JsonNode http, String name) {
        for (JsonNode h : http.path("head").path("headers")) {
            if (h.get(0).asText().equalsIgnoreCase(name)) {
                return h.get(1).asText();
            }
        }
        return null;
    }
}
