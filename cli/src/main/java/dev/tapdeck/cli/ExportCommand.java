package dev.tapdeck.cli;

import dev.tapdeck.recorder.RecordingFormat;
import dev.tapdeck.recorder.io.HarExporter;
import dev.tapdeck.recorder.io.PcapngExporter;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;

/** {@code tapdeck export --har|--pcapng FILE [-o OUT]}: a recording as HAR 1.2 or as a pcapng capture. */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = {"Export a recording as HAR 1.2 (WebSocket frames in _webSocketMessages, as Chrome writes them) "
                + "or as pcapng (synthesised TCP/IP packets that Wireshark and tshark decode down to HTTP and WebSocket).",
                "The recording is read line by line: exports of large recordings do not load it whole."},
        footer = {"", "Examples:",
                "  tapdeck export --har recordings/abc.tdrec.jsonl            writes recordings/abc.har",
                "  tapdeck export --pcapng recordings/abc.tdrec.jsonl -o abc.pcapng",
                "  tshark -r abc.pcapng -d tcp.port==5985,http -Y http.request"})
final class ExportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    static final class Format {
        @Option(names = "--har", required = true, description = "HAR 1.2 (JSON)")
        boolean har;
        @Option(names = "--pcapng", required = true, description = "pcapng capture")
        boolean pcapng;
    }

    @ArgGroup(exclusive = true, multiplicity = "1")
    Format format;

    @Parameters(paramLabel = "FILE", description = "the recording (*" + RecordingFormat.FILE_SUFFIX + ")")
    Path file;

    @Option(names = {"-o", "--output"}, paramLabel = "OUT",
            description = "where to write (default: FILE with .har or .pcapng instead of " + RecordingFormat.FILE_SUFFIX + ")")
    Path output;

    @Option(names = "--progress", description = "Always draw the progress bar on stderr (default: when stderr is a terminal).")
    boolean progress;

    @Option(names = {"-q", "--quiet"}, description = "No progress bar.")
    boolean quiet;

    @Override
    public Integer call() throws IOException {
        if (!Files.isRegularFile(file)) {
            spec.commandLine().getErr().println("tapdeck export: no such recording: " + file);
            return 2;
        }
        Path out = output != null ? output : defaultOutput(file, format.har ? ".har" : ".pcapng");
        Path partial = out.resolveSibling(out.getFileName() + ".part");
        String problems;
        try (OutputStream os = new BufferedOutputStream(Files.newOutputStream(partial), 1 << 16);
             Progress bar = Progress.bytes(Files.size(file), "export", Progress.Mode.of(progress, quiet))) {
            problems = format.har ? HarExporter.export(file, os, bar) : PcapngExporter.export(file, os, bar);
        } catch (IOException e) {
            Files.deleteIfExists(partial);
            spec.commandLine().getErr().println("tapdeck export: " + e.getMessage());
            return 1;
        }
        if (problems != null) {
            // after the bar is gone; the export holds every line that could be read
            spec.commandLine().getErr().println("tapdeck export: " + problems);
        }
        // never leave a half-written export under the final name
        Files.move(partial, out, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        spec.commandLine().getOut().println(out);
        return 0;
    }

    static Path defaultOutput(Path recording, String suffix) {
        String name = recording.getFileName().toString();
        String stem = name.endsWith(RecordingFormat.FILE_SUFFIX)
                ? name.substring(0, name.length() - RecordingFormat.FILE_SUFFIX.length()) : name;
        return recording.resolveSibling(stem + suffix);
    }
}
