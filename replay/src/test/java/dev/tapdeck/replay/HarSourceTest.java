package dev.tapdeck.replay;

import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.recorder.io.HarExporter;
import dev.tapdeck.recorder.io.PypsrpYamlImporter;
import io.vertx.core.Vertx;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A HAR file is a replay source: a real session exported to HAR replays against itself like the original. */
class HarSourceTest {
    @TempDir
    Path dir;

    @Test
    void aSessionExportedToHarReplaysCleanly() throws Exception {
        Recording rec = PypsrpRecordings.all().stream()
                .filter(r -> r.file().getFileName().toString().equals("test_psrp_with_input.yml")).findFirst().orElseThrow();
        Path recording = PypsrpYamlImporter.importFile(rec.file(), dir, n -> { });
        Path har = dir.resolve("session.har");
        try (OutputStream out = Files.newOutputStream(har)) {
            HarExporter.export(recording, out, n -> { });
        }
        ReplayScript fromHar = ReplaySources.load(har);
        ReplayScript fromYaml = ReplaySources.load(rec.file());
        assertEquals(fromYaml.exchanges().size(), fromHar.exchanges().size());
        for (int i = 0; i < fromYaml.exchanges().size(); i++) {
            assertArrayEquals(fromYaml.exchanges().get(i).requestBody(), fromHar.exchanges().get(i).requestBody(), "request " + i);
            assertArrayEquals(fromYaml.exchanges().get(i).responseBody(), fromHar.exchanges().get(i).responseBody(), "response " + i);
        }

        Vertx vertx = Vertx.vertx();
        try {
            ReplayServer server = ReplayServer.start(vertx, fromHar, ReplayOptions.defaults().mode(ReplayMode.STRICT))
                    .await(30, TimeUnit.SECONDS);
            try {
                ClientReport report = new ReplayClient(vertx, fromHar, server.uri(), ReplayOptions.countingIds("client"), line -> { })
                        .run().await(60, TimeUnit.SECONDS);
                assertTrue(report.clean(), report::render);
                assertNull(server.problems(false));
            } finally {
                server.close().await(30, TimeUnit.SECONDS);
            }
        } finally {
            vertx.close().await(30, TimeUnit.SECONDS);
        }
    }
}
