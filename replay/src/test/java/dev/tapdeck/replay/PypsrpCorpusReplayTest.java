package dev.tapdeck.replay;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.Recording;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * Every pypsrp recording of the corpus, driven by the replay client against the replay server of the same
 * recording: every exchange is used, no request misses, no response differs.
 */
class PypsrpCorpusReplayTest {
    private static Vertx vertx;

    @BeforeAll
    static void start() {
        vertx = Vertx.vertx();
    }

    @AfterAll
    static void stop() throws Exception {
        vertx.close().await(30, TimeUnit.SECONDS);
    }

    @Test
    void everyRecordingReplaysCleanlyAgainstItself() throws Exception {
        List<Recording> all = PypsrpRecordings.all();
        List<String> problems = new ArrayList<>();
        for (Recording rec : all) {
            ReplayScript script = ReplaySources.load(rec.file());
            ReplayServer server = ReplayServer.start(vertx, script, ReplayOptions.defaults().mode(ReplayMode.STRICT))
                    .await(30, TimeUnit.SECONDS);
            try {
                ClientReport report = new ReplayClient(vertx, script, server.uri(), ReplayOptions.countingIds("client"), line -> { })
                        .run().await(60, TimeUnit.SECONDS);
                if (!report.clean()) {
                    problems.add(report.render());
                }
                String serverSide = server.problems(false);
                if (serverSide != null) {
                    problems.add(serverSide);
                }
            } finally {
                server.close().await(30, TimeUnit.SECONDS);
            }
        }
        assertEquals(66, all.size(), "the corpus README lists 66 pypsrp recordings");
        assertEquals("", String.join("\n", problems));
    }
}
