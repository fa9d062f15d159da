package dev.tapdeck.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.tapdeck.proxy.TapdeckProxy;
import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.RecordingLines;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.concurrent.Callable;

/**
 * {@code tapdeck recompute FILE [-o OUT]}: the recording again, with every derived line produced afresh by
 * this Tapdeck's decoders from the raw bytes (design principle 4). The output is written next to its
 * destination and moved into place when complete, so a failed run leaves no half file.
 */
@Command(name = "recompute", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Decode a recording's raw bytes again with this Tapdeck's decoders (WS-Man, PSRP, WebSocket "
                + "frames) and write a new recording with the same raw bytes and fresh decoded annotations, violations, "
                + "audit records and WebSocket frame/message lines. The header says which Tapdeck recomputed it from "
                + "which file."})
final class RecomputeCommand implements Callable<Integer> {
    static final String SUFFIX = ".recomputed" + RecordingFormat.FILE_SUFFIX;

    @Parameters(index = "0", paramLabel = "FILE", description = "The recording (*.tdrec.jsonl).")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "Where to write (default: FILE with .recomputed before .tdrec.jsonl). May be FILE itself.")
    Path output;

    @Option(names = "--force", description = "Overwrite OUT when it exists.")
    boolean force;

    @Mixin
    FileCommandOptions options = new FileCommandOptions();

    /** What a run did; {@code problems}: what could not be read and is not copied ({@link RecordingLines#problems()}). */
    record Result(long linesIn, long linesOut, long derived, String tornTail, String problems) {
    }

    @Override
    public Integer call() throws IOException {
        Path out = output != null ? output : defaultOutput(file);
        if (Files.exists(out) && !force && !Files.isSameFile(out, file)) {
            System.err.println("tapdeck recompute: " + out + " exists (use --force to overwrite)");
            return 2;
        }
        Result r;
        try (Progress progress = options.progress(file, "recompute")) {
            r = run(file, out, options, progress);
        } catch (IOException e) {
            System.err.println("tapdeck recompute: " + e.getMessage());
            return 1;
        }
        if (!options.quiet) {
            System.err.println("tapdeck recompute: " + r.linesIn() + " lines read, " + r.linesOut() + " written to " + out
                    + " (" + r.derived() + " derived)");
            if (r.problems() != null) {
                System.err.println("tapdeck recompute: not copied: " + r.problems());
            }
        }
        return 0;
    }

    static Path defaultOutput(Path file) {
        String name = file.getFileName().toString();
        String base = name.endsWith(RecordingFormat.FILE_SUFFIX) ? name.substring(0, name.length() - RecordingFormat.FILE_SUFFIX.length())
                : name;
        return file.resolveSibling(base + SUFFIX);
    }

    /** Recomputes {@code in} into {@code out} (written aside, then moved into place). */
    static Result run(Path in, Path out, FileCommandOptions options, Progress progress) throws IOException {
        Path dir = out.toAbsolutePath().getParent();
        Files.createDirectories(dir);
        Path temp = FileSystems.getDefault().supportedFileAttributeViews().contains("posix")
                // recordings hold traffic: readable by their owner only
                ? Files.createTempFile(dir, ".recompute", ".tmp", PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")))
                : Files.createTempFile(dir, ".recompute", ".tmp");
        long linesIn = 1;
        long linesOut = 1;
        long derived = 0;
        String torn;
        String problems;
        try (RecordingLines lines = RecordingLines.open(in);
             BufferedWriter w = Files.newBufferedWriter(temp, StandardCharsets.UTF_8)) {
            Redecoder redecoder = new Redecoder(lines.header(), options.policy());
            ObjectNode header = redecoder.header().json();
            header.putObject("recomputed").put("tapdeck", TapdeckProxy.VERSION).put("from", in.toString());
            write(w, header);
            for (JsonNode line = lines.next(); line != null; line = lines.next()) {
                linesIn++;
                for (Redecoder.Line l : redecoder.accept(line)) {
                    write(w, l.json());
                    linesOut++;
                    derived += isDerived(l.type()) ? 1 : 0;
                }
                progress.accept(lines.bytesRead());
            }
            torn = lines.tornTail();
            problems = lines.problems();
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, out, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        return new Result(linesIn, linesOut, derived, torn, problems);
    }

    private static boolean isDerived(String type) {
        return Redecoder.DERIVED.contains(type);
    }

    private static void write(BufferedWriter w, JsonNode json) throws IOException {
        w.write(RecordingFormat.mapper().writeValueAsString(json));
        w.write('\n');
    }
}
