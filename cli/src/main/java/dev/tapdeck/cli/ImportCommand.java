package dev.tapdeck.cli;

import dev.tapdeck.recorder.io.HarImporter;
import dev.tapdeck.recorder.io.PypsrpYamlImporter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.function.LongConsumer;

/** {@code tapdeck import --from pypsrp-yaml|har FILE... [-o DIR]}: other formats as Tapdeck recordings. */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = {"Turn pypsrp YAML recordings (real WinRM sessions of pypsrp's test suite) or HAR files into "
                + "Tapdeck recordings, which replay and inspect then read like their own. Decoded annotations are left "
                + "out: tapdeck recompute adds them."},
        footer = {"", "Examples:",
                "  tapdeck import --from pypsrp-yaml ../pypsrp/tests/responses/*.yml -o recordings",
                "  tapdeck import --from har session.har"})
final class ImportCommand implements Callable<Integer> {
    @picocli.CommandLine.Spec
    picocli.CommandLine.Model.CommandSpec spec;

    enum From {
        PYPSRP_YAML("pypsrp-yaml"), HAR("har");

        final String label;

        From(String label) {
            this.label = label;
        }

        @Override
        public String toString() {
            return label;
        }
    }

    @Option(names = "--from", required = true, paramLabel = "FORMAT", converter = FromConverter.class,
            description = "pypsrp-yaml or har")
    From from;

    @Parameters(paramLabel = "FILE", arity = "1..*", description = "files to import")
    List<Path> files;

    @Option(names = {"-o", "--output"}, paramLabel = "DIR", defaultValue = ".",
            description = "directory for the recordings (default: the current one)")
    Path directory;

    /** Bytes of the current file read so far; the lead wires the progress bar here. */
    LongConsumer progress = n -> { };

    @Override
    public Integer call() {
        int failed = 0;
        for (Path file : files) {
            try {
                if (!Files.isRegularFile(file)) {
                    throw new IOException("no such file: " + file);
                }
                List<Path> written = from == From.HAR ? HarImporter.importFile(file, directory, progress)
                        : List.of(PypsrpYamlImporter.importFile(file, directory, progress));
                written.forEach(spec.commandLine().getOut()::println);
            } catch (IOException | RuntimeException e) {
                failed++;
                spec.commandLine().getErr().println("tapdeck import: " + file + ": " + e.getMessage());
            }
        }
        return failed == 0 ? 0 : 1;
    }

    static final class FromConverter implements picocli.CommandLine.ITypeConverter<From> {
        @Override
        public From convert(String value) {
            for (From f : From.values()) {
                if (f.label.equalsIgnoreCase(value) || f.name().equalsIgnoreCase(value)) {
                    return f;
                }
            }
            throw new picocli.CommandLine.TypeConversionException("'" + value + "' is not pypsrp-yaml or har");
        }
    }
}
