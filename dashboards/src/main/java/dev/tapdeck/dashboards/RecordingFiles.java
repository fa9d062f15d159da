package dev.tapdeck.dashboards;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingLines;

import java.io.IOException;
import java.io.InputStream;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;

/**
 * The recordings directory as the recordings page sees it. Only names of the form {@code <id>.tdrec.jsonl}
 * that are regular files directly in the directory are listed or opened (no path from a request ever reaches
 * the file system otherwise). Runs on worker threads: it reads the disk.
 */
final class RecordingFiles {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,200}" + Pattern.quote(RecordingFormat.FILE_SUFFIX));
    /** Most files listed (the newest). */
    static final int MAX_LISTED = 1000;
    /** Longest header line read for the listing. */
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    /** Bytes read from a file's end to see whether its last line is the trailer. */
    private static final int TAIL_BYTES = 8 * 1024;

    private final Path directory;

    RecordingFiles(Path directory) {
        this.directory = directory.toAbsolutePath().normalize();
    }

    /** The file of a listed name, null when the name is not a recording's or no such file exists. */
    Path file(String name) {
        if (name == null || !NAME.matcher(name).matches()) {
            return null;
        }
        Path f = directory.resolve(name);
        return f.getParent().equals(directory) && Files.isRegularFile(f, LinkOption.NOFOLLOW_LINKS) ? f : null;
    }

    /** The newest recordings first: name, size, modified, header fields and whether the trailer is there. */
    ArrayNode list() throws IOException {
        List<Path> files = new ArrayList<>();
        try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*" + RecordingFormat.FILE_SUFFIX)) {
            for (Path p : ds) {
                if (file(p.getFileName().toString()) != null) {
                    files.add(p);
                }
            }
        }
        files.sort(Comparator.comparing(RecordingFiles::modified).reversed());
        ArrayNode out = RecordingFormat.mapper().createArrayNode();
        for (Path p : files.subList(0, Math.min(files.size(), MAX_LISTED))) {
            ObjectNode n = out.addObject().put("name", p.getFileName().toString()).put("size", Files.size(p))
                    .put("modified", Files.getLastModifiedTime(p).toInstant().toString());
            try {
                JsonNode h = RecordingLines.header(p, firstLine(p));
                n.put("sessionId", h.path("sessionId").asText(null)).put("protocol", h.path("protocol").asText(null))
                        .put("client", h.path("client").asText(null)).put("upstream", h.path("upstream").asText(null))
                        .put("startedAt", h.path("startedAt").asText(null)).put("ended", endsWithTrailer(p));
            } catch (IOException e) {
                n.put("problem", e.getMessage());
            }
        }
        return out;
    }

    /**
     * A recording read like a live session: its row, and at most {@code limit} events from index {@code offset}
     * (bodies cut to {@code maxBytes}).
     */
    ObjectNode read(Path file, int offset, int limit, int maxBytes) throws IOException {
        ArrayNode events = RecordingFormat.mapper().createArrayNode();
        List<String> damaged = new ArrayList<>();
        long index = 0;
        JsonNode header;
        SessionSummary summary;
        try (RecordingLines lines = RecordingLines.open(file)) {
            header = lines.header();
            summary = new SessionSummary(header.path("sessionId").asText(file.getFileName().toString()));
            summary.apply(header);
            for (JsonNode e = lines.next(); e != null; e = lines.next()) {
                summary.apply(e);
                long i = index++;
                if (i >= offset && events.size() < limit && e instanceof ObjectNode o) {
                    events.add(EventLines.trim(o, maxBytes));
                }
            }
            lines.damaged().forEach(l -> damaged.add("line " + l.number() + ": " + l.problem()));
            if (lines.tornTail() != null) {
                damaged.add("the last line is torn (the recording was cut while it was written)");
            }
        }
        ObjectNode n = RecordingFormat.mapper().createObjectNode();
        n.set("session", summary.toJson(0, false));
        n.set("header", header);
        n.put("offset", offset).put("total", index);
        n.set("events", events);
        if (!damaged.isEmpty()) {
            damaged.forEach(n.putArray("damaged")::add);
        }
        return n;
    }

    private static String firstLine(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            byte[] buf = in.readNBytes(MAX_HEADER_BYTES);
            int nl = 0;
            while (nl < buf.length && buf[nl] != '\n') {
                nl++;
            }
            return new String(buf, 0, nl, StandardCharsets.UTF_8);
        }
    }

    private static boolean endsWithTrailer(Path p) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(p.toFile(), "r")) {
            long len = f.length();
            int n = (int) Math.min(len, TAIL_BYTES);
            byte[] buf = new byte[n];
            f.seek(len - n);
            f.readFully(buf);
            String tail = new String(buf, StandardCharsets.UTF_8).stripTrailing();
            String last = tail.substring(tail.lastIndexOf('\n') + 1);
            return last.contains("\"type\":\"end\"");
        }
    }

    private static java.nio.file.attribute.FileTime modified(Path p) {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class).lastModifiedTime();
        } catch (IOException e) {
            return java.nio.file.attribute.FileTime.fromMillis(0);
        }
    }
}
