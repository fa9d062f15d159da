package dev.tapdeck.cli;

import dev.tapdeck.recorder.RecordingVerifier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;

/** {@code tapdeck verify FILE...}: checks recordings and says what is wrong with them. */
@Command(name = "verify", mixinStandardHelpOptions = true,
        description = {"Check recordings: a known header, seq increasing from 0, time never going back, every line a "
                + "JSON object of a known type, valid base64, contiguous WebSocket chunks, and a trailer whose byte totals "
                + "match what was recorded. A file cut by a crash reads up to its last complete event and is reported "
                + "without a trailer; a recording that hit a limit or a full disk is reported incomplete."},
        exitCodeListHeading = "%nExit codes:%n",
        exitCodeList = {"0:every file is a complete, consistent recording",
                "1:a file has problems (cut short, incomplete, inconsistent)",
                "2:a file cannot be read as a recording (missing, empty, not a recording, unknown version)"})
final class VerifyCommand implements Callable<Integer> {
    @Parameters(paramLabel = "FILE", arity = "1..*", description = "Recording files (*.tdrec.jsonl).")
    List<Path> files;

    PrintStream out = System.out;

    @Override
    public Integer call() {
        int worst = 0;
        for (Path f : files) {
            RecordingVerifier.Report r = RecordingVerifier.verify(f);
            switch (r.status()) {
                case OK -> out.println(f + ": OK: " + r.summary());
                case PROBLEMS -> {
                    long n = r.problems().size() + r.more();
                    out.println(f + ": " + n + " problem" + (n == 1 ? "" : "s") + ": " + r.summary());
                    r.problems().forEach(p -> out.println("  " + p));
                    if (r.more() > 0) {
                        out.println("  … and " + r.more() + " more");
                    }
                    worst = Math.max(worst, 1);
                }
                case UNREADABLE -> {
                    out.println(f + ": " + r.summary());
                    worst = 2;
                }
                default -> throw new IllegalStateException(r.status().name());
            }
        }
        return worst;
    }
}
