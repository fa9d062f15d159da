package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingReader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tapdeck import and export from the command line: a browser-style HAR in, a recording, HAR and pcapng out. */
class ExportImportCommandTest {
    /** What a browser writes: no Tapdeck fields, an XHR and a WebSocket with one message each way. */
    private static final String HAR = """
            {"log":{"version":"1.2","creator":{"name":"WebInspector","version":"537.36"},"pages":[],"entries":[
             {"startedDateTime":"2026-01-02T03:04:05.100Z","time":12.5,
              "request":{"method":"POST","url":"http://10.0.0.7:5985/wsman?x=1","httpVersion":"http/1.1","cookies":[],
                "headers":[{"name":"Host","value":"10.0.0.7:5985"},{"name":"Content-Type","value":"application/soap+xml;charset=UTF-8"}],
                "queryString":[{"name":"x","value":"1"}],"postData":{"mimeType":"application/soap+xml","text":"<a>é</a>"},
                "headersSize":-1,"bodySize":9},
              "response":{"status":200,"statusText":"OK","httpVersion":"http/1.1","cookies":[],
                "headers":[{"name":"Content-Type","value":"application/soap+xml"}],
                "content":{"size":4,"mimeType":"application/soap+xml","text":"PGI+","encoding":"base64"},
                "redirectURL":"","headersSize":-1,"bodySize":4},
              "cache":{},"timings":{"blocked":-1,"send":0.5,"wait":12,"receive":0}},
             {"startedDateTime":"2026-01-02T03:04:06.000Z","time":1,"_resourceType":"websocket",
              "request":{"method":"GET","url":"ws://10.0.0.7:8080/chat","httpVersion":"HTTP/1.1","cookies":[],
                "headers":[{"name":"Upgrade","value":"websocket"},{"name":"Sec-WebSocket-Key","value":"dGhlIHNhbXBsZSBub25jZQ=="}],
                "queryString":[],"headersSize":-1,"bodySize":0},
              "response":{"status":101,"statusText":"Switching Protocols","httpVersion":"HTTP/1.1","cookies":[],
                "headers":[{"name":"Upgrade","value":"websocket"},{"name":"Sec-WebSocket-Accept","value":"s3pPLMBiTxaQ9kYGzzhZRbK+xOo="}],
                "content":{"size":0,"mimeType":"x-unknown"},"redirectURL":"","headersSize":-1,"bodySize":0},
              "cache":{},"timings":{"send":0,"wait":1,"receive":0},
              "_webSocketMessages":[{"type":"send","time":1767323046.25,"opcode":1,"data":"ping?"},
                                    {"type":"receive","time":1767323046.5,"opcode":2,"data":"AAEC"}]}]}}
            """;

    @TempDir
    Path dir;

    private static String[] run(String... args) {
        CommandLine cl = Main.commandLine();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        int code = cl.execute(args);
        return new String[]{String.valueOf(code), out.toString(), err.toString()};
    }

    @Test
    void aBrowserHarImportsAndTheRecordingsExportAgain() throws Exception {
        Path har = Files.writeString(dir.resolve("browser.har"), HAR, StandardCharsets.UTF_8);
        String[] r = run("import", "--from", "har", har.toString(), "-o", dir.resolve("recs").toString());
        assertEquals("0", r[0], r[2]);
        String[] written = r[1].strip().split("\\R");
        assertEquals(2, written.length, r[1]);

        RecordingReader.Recording http = RecordingReader.read(Path.of(written[0]));
        assertEquals("winrm", http.header().path("protocol").asText());
        assertEquals("http://10.0.0.7:5985", http.header().path("upstream").asText());
        JsonNode request = http.http(Direction.CLIENT_TO_SERVER).get(0);
        assertEquals("/wsman?x=1", request.path("head").path("uri").asText());
        assertEquals("HTTP/1.1", request.path("head").path("version").asText());
        assertArrayEquals("<a>é</a>".getBytes(StandardCharsets.UTF_8), RecordingReader.Recording.body(request));
        JsonNode response = http.http(Direction.SERVER_TO_CLIENT).get(0);
        assertArrayEquals("<b>".getBytes(StandardCharsets.UTF_8), RecordingReader.Recording.body(response));
        assertEquals(12_500_000, response.path("t").asLong() - request.path("t").asLong());

        RecordingReader.Recording ws = RecordingReader.read(Path.of(written[1]));
        assertEquals("websocket", ws.header().path("protocol").asText());
        // "ping?" masked by the importer (a client frame), 00 01 02 as an unmasked binary frame
        byte[] c2s = ws.wsBytes(Direction.CLIENT_TO_SERVER);
        assertEquals(0x81, c2s[0] & 0xff);
        assertEquals(0x85, c2s[1] & 0xff);
        assertArrayEquals(new byte[]{(byte) 0x82, 3, 0, 1, 2}, ws.wsBytes(Direction.SERVER_TO_CLIENT));
        assertEquals(250_000_000, ws.ofType("ws-chunk").get(0).path("t").asLong());

        for (String rec : written) {
            r = run("export", "--pcapng", rec);
            assertEquals("0", r[0], r[2]);
            Path pcap = Path.of(r[1].strip());
            assertTrue(pcap.getFileName().toString().endsWith(".pcapng"), pcap.toString());
            byte[] magic = java.util.Arrays.copyOf(Files.readAllBytes(pcap), 4);
            assertArrayEquals(new byte[]{0x0a, 0x0d, 0x0d, 0x0a}, magic, "a pcapng Section Header Block");
            Path out = dir.resolve("out.har");
            r = run("export", "--har", rec, "-o", out.toString());
            assertEquals("0", r[0], r[2]);
            assertEquals("1.2", RecordingFormat.mapper().readTree(out.toFile()).path("log").path("version").asText());
            assertFalse(Files.exists(dir.resolve("out.har.part")));
        }
    }

    @Test
    void badArgumentsAreClearErrors() throws Exception {
        String[] r = run("import", "--from", "pcap", "x");
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("not pypsrp-yaml or har"), r[2]);
        r = run("export", "--har", "--pcapng", "x");
        assertNotEquals("0", r[0]);
        assertTrue(r[2].contains("mutually exclusive"), r[2]);
        r = run("export", "--har", dir.resolve("missing.tdrec.jsonl").toString());
        assertEquals("2", r[0]);
        assertTrue(r[2].contains("no such recording"), r[2]);
        Path notHar = Files.writeString(dir.resolve("x.har"), "[1,2]");
        r = run("import", "--from", "har", notHar.toString());
        assertEquals("1", r[0]);
        assertTrue(r[2].contains("not a HAR file"), r[2]);
    }
}
