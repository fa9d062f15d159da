package dev.tapdeck.recorder.io;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.TapEvent;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Writes one recording (format v1, see recorder/FORMAT.md) synchronously, a line per event, for the
 * importers: nothing is kept after its line is written. Sequence numbers come from {@link #nextSeq()};
 * the trailer's totals are counted from what went through {@link #write}.
 */
public final class RecordingFileWriter implements AutoCloseable {
    private final BufferedWriter out;
    private final Path file;
    private long seq;
    private int exchanges;
    private long bytesFromClient;
    private long bytesFromServer;

    private RecordingFileWriter(Path file, BufferedWriter out) {
        this.file = file;
        this.out = out;
    }

    /**
     * Creates {@code <sessionId>.tdrec.jsonl} in {@code directory} (readable by its owner only, as the
     * recorder's own files; an existing file is an error, never overwritten) and writes the header, with {@code imported} as the header's "imported" field.
     */
    public static RecordingFileWriter create(Path directory, TapEvent.SessionStarted header, ObjectNode imported)
            throws IOException {
        Files.createDirectories(directory);
        Path file = directory.resolve(header.sessionId() + RecordingFormat.FILE_SUFFIX);
        // never over an existing recording (an import into the folder of the original, twice the same import)
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix")) {
            Files.createFile(file, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } else {
            Files.createFile(file);
        }
        RecordingFileWriter w = new RecordingFileWriter(file, Files.newBufferedWriter(file, StandardCharsets.UTF_8,
                StandardOpenOption.WRITE));
        ObjectNode line = RecordingFormat.toJson(header);
        if (imported != null) {
            line.set("imported", imported);
        }
        w.line(line);
        w.seq = header.seq() + 1;
        return w;
    }

    /** This Tapdeck's version, for the header of what it writes. */
    public static String tapdeckVersion() {
        String v = RecordingFileWriter.class.getPackage().getImplementationVersion();
        return v == null ? "0.1.0-SNAPSHOT" : v;
    }

    public Path file() {
        return file;
    }

    /** The sequence number of the next event. */
    public long nextSeq() {
        return seq++;
    }

    public void write(TapEvent event) throws IOException {
        if (event instanceof TapEvent.HttpMessageCaptured m) {
            exchanges = Math.max(exchanges, m.exchange());
            count(m.direction(), m.body().length);
        } else if (event instanceof TapEvent.WsHandshakeRelayed h) {
            exchanges = Math.max(exchanges, h.exchange());
        } else if (event instanceof TapEvent.WsChunkRelayed c) {
            count(c.direction(), c.bytes().length);
        }
        line(RecordingFormat.toJson(event));
    }

    /** Writes the trailer ("end" line) with the totals of what was written. */
    public void end(String sessionId, long offsetNanos, String reason) throws IOException {
        line(RecordingFormat.toJson(new TapEvent.SessionEnded(sessionId, nextSeq(), offsetNanos, reason, exchanges,
                bytesFromClient, bytesFromServer)));
    }

    private void count(Direction d, long n) {
        if (d == Direction.CLIENT_TO_SERVER) {
            bytesFromClient += n;
        } else {
            bytesFromServer += n;
        }
    }

    private void line(ObjectNode json) throws IOException {
        out.write(RecordingFormat.mapper().writeValueAsString(json));
        out.write('\n');
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
