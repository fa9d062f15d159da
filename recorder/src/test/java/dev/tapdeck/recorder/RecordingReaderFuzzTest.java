package dev.tapdeck.recorder;

import com.code_intelligence.jazzer.junit.FuzzTest;
import com.fasterxml.jackson.databind.JsonNode;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Arbitrary bytes as a recording file (a file cut by a crash, damaged, tampered with or not a recording at
 * all): the reader returns what it could read or throws its declared IOException, the verifier always returns
 * a report, and a file the verifier passes can be replayed (its bodies and chunks decode). Under
 * {@code mvn verify} the seeds in {@code RecordingReaderFuzzTestInputs/recordingFile/} are replayed; with
 * {@code JAZZER_FUZZ=1} Jazzer fuzzes ({@code bench/fuzz.sh}).
 */
class RecordingReaderFuzzTest {
    /** One file, rewritten for each input: the reader's contract is over a file, not a stream. */
    private static final Path FILE = temporaryFile();

    @FuzzTest(maxDuration = "30s")
    void recordingFile(byte[] data) throws IOException {
        Files.write(FILE, data);
        RecordingReader.Recording recording;
        try {
            recording = RecordingReader.read(FILE);
        } catch (IOException notARecording) {
            assertNotNull(notARecording.getMessage());
            assertEquals(RecordingVerifier.Status.UNREADABLE, RecordingVerifier.verify(FILE).status());
            return;
        }
        assertNotNull(recording.header());
        recording.incomplete();
        recording.trailer();
        RecordingVerifier.Report report = RecordingVerifier.verify(FILE);
        assertTrue(report.problems().size() <= RecordingVerifier.MAX_LISTED, "MAX_LISTED");
        if (report.status() == RecordingVerifier.Status.OK) {
            for (Direction d : Direction.values()) {
                recording.wsBytes(d);
                for (JsonNode http : recording.http(d)) {
                    RecordingReader.Recording.body(http);
                    RecordingReader.Recording.plaintext(http);
                }
            }
        }
    }

    private static Path temporaryFile() {
        try {
            Path file = Files.createTempFile("tapdeck-fuzz", ".tdrec.jsonl");
            file.toFile().deleteOnExit();
            return file;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
