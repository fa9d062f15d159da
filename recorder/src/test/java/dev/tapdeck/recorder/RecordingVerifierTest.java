package dev.tapdeck.recorder;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import static dev.tapdeck.recorder.RecordingVerifier.Status.OK;
import static dev.tapdeck.recorder.RecordingVerifier.Status.PROBLEMS;
import static dev.tapdeck.recorder.RecordingVerifier.Status.UNREADABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** tapdeck verify on recordings written by the sink, then cut or tampered with. */
class RecordingVerifierTest {
    private static final byte[] HELLO = "hello".getBytes(StandardCharsets.UTF_8);

    /** A WebSocket session: a refused-then-accepted handshake is not needed; two chunks per direction and a trailer. */
    private static Path webSocketRecording(Path dir) throws Exception {
        String id = "ws";
        try (RecordingSink sink = new RecordingSink(dir)) {
            sink.accept(new TapEvent.SessionStarted(id, 0, 0, "websocket", "main", "c", "ws://up", 0L, "test", true));
            sink.accept(new TapEvent.WsChunkRelayed(id, 1, 5, Direction.CLIENT_TO_SERVER, 0, HELLO, 5));
            sink.accept(new TapEvent.WsChunkRelayed(id, 2, 6, Direction.SERVER_TO_CLIENT, 0, HELLO, 5));
            sink.accept(new TapEvent.WsChunkRelayed(id, 3, 6, Direction.CLIENT_TO_SERVER, 5, HELLO, 10));
            sink.accept(new TapEvent.SessionEnded(id, 4, 9, "client closed the connection", 1, 10, 5));
            sink.flush();
            return sink.fileOf(id);
        }
    }

    private static Path winrmRecording(Path dir) throws Exception {
        try (RecordingSink sink = new RecordingSink(dir)) {
            sink.accept(RecordingLimitsTest.started("w"));
            sink.accept(RecordingLimitsTest.http("w", 1));
            sink.accept(new TapEvent.SessionEnded("w", 2, 30, "client closed the connection", 1, 1024, 0));
            sink.flush();
            return sink.fileOf("w");
        }
    }

    @Test
    void completeRecordingsAreOk(@TempDir Path dir) throws Exception {
        for (Path f : List.of(webSocketRecording(dir), winrmRecording(dir))) {
            RecordingVerifier.Report r = RecordingVerifier.verify(f);
            assertEquals(OK, r.status(), r.toString());
            assertTrue(r.problems().isEmpty());
        }
        assertTrue(RecordingVerifier.verify(dir.resolve("ws" + RecordingFormat.FILE_SUFFIX)).summary()
                .startsWith("websocket session ws, 4 events, 1 exchanges, 10 B from client, 5 B from server"));
    }

    @Test
    void aFileCutShortHasNoTrailerAndATornTail(@TempDir Path dir) throws Exception {
        Path f = webSocketRecording(dir);
        byte[] all = Files.readAllBytes(f);
        Files.write(f, java.util.Arrays.copyOf(all, all.length - 20));
        RecordingVerifier.Report r = RecordingVerifier.verify(f);
        assertEquals(PROBLEMS, r.status());
        assertEquals(2, r.problems().size(), r.problems().toString());
        assertTrue(r.problems().get(0).startsWith("line 5: torn last line"), r.problems().get(0));
        assertTrue(r.problems().get(1).startsWith("no trailer: the recording was cut short"), r.problems().get(1));
    }

    @Test
    void tamperedLinesAreEachNamedWithTheirLineNumber(@TempDir Path dir) throws Exception {
        Path f = webSocketRecording(dir);
        List<String> lines = new ArrayList<>(Files.readAllLines(f));
        lines.set(2, lines.get(2).replace("\"seq\":2", "\"seq\":1")); // seq repeated
        lines.set(3, lines.get(3).replace("\"off\":5", "\"off\":6").replace("\"t\":6", "\"t\":1")); // gap, time back
        lines.set(1, lines.get(1).replace("aGVsbG8=", "aGVsbG8")); // base64 without its padding
        lines.add(4, "{\"seq\":4,\"t\":9,\"type\":\"ws-telepathy\"}");
        Files.write(f, lines);
        RecordingVerifier.Report r = RecordingVerifier.verify(f);
        assertEquals(PROBLEMS, r.status());
        String all = String.join("\n", r.problems());
        assertTrue(all.contains("line 2: 'data' is not valid base64"), all);
        assertTrue(all.contains("line 3: seq 1 after 1: must increase strictly from 0"), all);
        assertTrue(all.contains("line 4: t 1 after 6: time offsets never go back"), all);
        assertTrue(all.contains("line 4: ws-chunk c2s at offset 6, expected 0"), all + " (the bad base64 chunk counted nothing)");
        assertTrue(all.contains("line 5: unknown line type 'ws-telepathy'"), all);
        assertTrue(all.contains("line 6: seq 4 after 4"), all);
        assertTrue(all.contains("trailer says 10 B c2s but the recorded bodies and chunks hold 5 B"), all);
    }

    @Test
    void aTrailerThatDisagreesWithTheBodiesIsReported(@TempDir Path dir) throws Exception {
        Path f = winrmRecording(dir);
        Files.writeString(f, Files.readString(f).replace("\"c2s\":1024", "\"c2s\":1025"));
        RecordingVerifier.Report r = RecordingVerifier.verify(f);
        assertEquals(List.of("trailer says 1025 B c2s but the recorded bodies and chunks hold 1024 B"), r.problems());
    }

    @Test
    void anIncompleteRecordingSaysWhy(@TempDir Path dir) throws Exception {
        try (RecordingSink sink = new RecordingSink(dir, RecordingLimitsTest.SMALL)) {
            RecordingLimitsTest.session(sink, "big", 40);
            sink.flush();
            RecordingVerifier.Report r = RecordingVerifier.verify(sink.fileOf("big"));
            assertEquals(PROBLEMS, r.status());
            assertTrue(r.problems().get(0).startsWith("incomplete: maxRecordingBytes 16384 reached at seq"), r.problems().toString());
        }
    }

    @Test
    void missingEmptyAndForeignFilesAreUnreadable(@TempDir Path dir) throws Exception {
        assertEquals(UNREADABLE, RecordingVerifier.verify(dir.resolve("missing.tdrec.jsonl")).status());
        Path empty = Files.createFile(dir.resolve("empty.tdrec.jsonl"));
        assertEquals(UNREADABLE, RecordingVerifier.verify(empty).status());
        Path foreign = Files.writeString(dir.resolve("x.jsonl"), "{\"format\":\"har\"}\n");
        RecordingVerifier.Report r = RecordingVerifier.verify(foreign);
        assertEquals(UNREADABLE, r.status());
        assertTrue(r.summary().contains("not a Tapdeck recording"), r.summary());
    }
}
