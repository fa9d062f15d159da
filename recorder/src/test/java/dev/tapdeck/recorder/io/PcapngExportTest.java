package dev.tapdeck.recorder.io;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** A real pypsrp session exported as pcapng is read by tshark: every request and response, payloads intact. */
class PcapngExportTest {
    @TempDir
    Path dir;

    @Test
    void tsharkFindsEveryRequestAndResponseOfARealSession() throws Exception {
        Tshark.assumeInstalled();
        Recording yml = PypsrpRecordings.named("test_client_copy_file_really_large.yml");
        Path rec = PypsrpYamlImporter.importFile(yml.file(), dir, null);
        Path pcap = dir.resolve("x.pcapng");
        try (OutputStream out = Files.newOutputStream(pcap)) {
            PcapngExporter.export(rec, out, null);
        }
        // the import addresses the session to https://127.0.0.1:55986: tell tshark it is plain HTTP there
        List<String> decode = List.of("tcp.port==55986,http");
        List<String> requests = Tshark.fields(pcap, "http.request", decode, "http.request.method", "http.file_data");
        List<String> responses = Tshark.fields(pcap, "http.response", decode, "http.response.code", "http.file_data");
        assertEquals(yml.exchanges().size(), requests.size());
        assertEquals(yml.exchanges().size(), responses.size());
        for (RecordedExchange x : yml.exchanges()) {
            String[] req = requests.get(x.index()).split("\t", -1);
            assertEquals("POST", req[0]);
            assertEquals(new String(x.request(), java.nio.charset.StandardCharsets.UTF_8), req[1]);
            String[] res = responses.get(x.index()).split("\t", -1);
            assertEquals("200", res[0]);
            assertEquals(new String(x.response(), java.nio.charset.StandardCharsets.UTF_8), res[1]);
        }
    }
}
