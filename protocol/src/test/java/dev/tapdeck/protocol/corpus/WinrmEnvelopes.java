package dev.tapdeck.protocol.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Every WS-Man envelope of the corpus as a labelled body: pypsrp and winrm4j requests and responses,
 * winrb server responses and the client captures. For tests (and benchmarks) that want all real
 * envelopes regardless of their origin.
 */
public final class WinrmEnvelopes {

    /**
     * One envelope.
     *
     * @param label where it comes from, e.g. {@code pypsrp/test_winrs_send.yml #2 response}
     * @param body  its bytes
     */
    public record Envelope(String label, byte[] body) {
    }

    private WinrmEnvelopes() {
    }

    /** All of them, in a stable order; skips the calling test when the corpus is absent. */
    public static List<Envelope> all() {
        List<Envelope> out = new ArrayList<>();
        addRecordings(out, "pypsrp/", PypsrpRecordings.all());
        addRecordings(out, "winrm4j/", Winrm4jRecordings.all());
        for (Path p : Corpus.files("winrm/winrb", "*.xml")) {
            out.add(new Envelope("winrb/" + p.getFileName(), Corpus.bytes(p)));
        }
        for (ClientCapture c : ClientCapture.all()) {
            out.add(new Envelope("clients/" + c.client() + "/" + c.step(), c.body()));
        }
        return out;
    }

    private static void addRecordings(List<Envelope> out, String prefix, List<Recording> recordings) {
        for (Recording r : recordings) {
            for (RecordedExchange x : r.exchanges()) {
                String label = prefix + r.name() + " #" + x.index();
                out.add(new Envelope(label + " request", x.request()));
                if (x.hasResponse()) {
                    out.add(new Envelope(label + " response", x.response()));
                }
            }
        }
    }
}
