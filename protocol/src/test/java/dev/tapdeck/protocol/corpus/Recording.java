package dev.tapdeck.protocol.corpus;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A recorded WS-Man session from the corpus: its file and its exchanges in order.
 *
 * @param name      the file name, e.g. {@code test_winrs_send.yml} (the key of the corpus README catalogue)
 * @param file      where it was read from
 * @param exchanges request/response pairs in recording order
 */
public record Recording(String name, Path file, List<RecordedExchange> exchanges) {
    public Recording {
        exchanges = List.copyOf(exchanges);
    }

    /** Every body of the recording (requests, then responses when present), in exchange order. */
    public List<byte[]> bodies() {
        List<byte[]> out = new ArrayList<>(exchanges.size() * 2);
        for (RecordedExchange e : exchanges) {
            out.add(e.request());
            if (e.hasResponse()) {
                out.add(e.response());
            }
        }
        return out;
    }
}
