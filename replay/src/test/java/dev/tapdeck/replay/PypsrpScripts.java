package dev.tapdeck.replay;

import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;

import java.util.ArrayList;
import java.util.List;

/** The pypsrp YAML recordings of the corpus as replay scripts (bodies only: status 200, or the recorded error code). */
final class PypsrpScripts {
    private PypsrpScripts() {
    }

    static ReplayScript of(Recording rec) {
        List<ReplayExchange> out = new ArrayList<>();
        for (RecordedExchange x : rec.exchanges()) {
            int status = !x.hasResponse() ? 0 : x.transportErrorCode() != null ? x.transportErrorCode() : 200;
            out.add(new ReplayExchange(out.size(), null, x.request(), null, status, x.response(), 0, 0));
        }
        return ReplayScript.http(rec.name(), out);
    }
}
