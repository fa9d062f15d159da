package dev.tapdeck.samples.psrp;

import dev.tapdeck.protocol.clixml.PsCollection;
import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsObjects;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValueRenderer;
import dev.tapdeck.protocol.clixml.PsValues;
import dev.tapdeck.protocol.psrp.build.ErrorRecordData;
import dev.tapdeck.protocol.psrp.view.CommandArgument;
import dev.tapdeck.protocol.psrp.view.PipelineCommand;
import dev.tapdeck.protocol.psrp.view.PipelineStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The commands the fake PSRP endpoint knows (nothing runs on the host), with PowerShell's semantics as far
 * as they go:
 * <ul>
 *   <li>{@code Write-Output} (also {@code echo}, {@code write}): writes its arguments (positional or
 *       {@code -InputObject}; lists are enumerated unless {@code -NoEnumerate}), or, without arguments, its
 *       pipeline input;</li>
 *   <li>{@code $input} (a script or a command): writes the pipeline input back, the input echo;
 *       {@code Out-Default} passes its input on too (there is no host to print to);</li>
 *   <li>{@code Invoke-Expression -Command TEXT | Out-String -Stream}, what pypsrp's {@code Client.execute_ps}
 *       sends: the script text is run, its output written as text;</li>
 *   <li>{@code Write-Error}: writes an ERROR_RECORD with {@code -Message} (or its positional text) and goes on,
 *       a non-terminating error;</li>
 *   <li>{@code throw}: a terminating error, the pipeline ends Failed with the message;</li>
 *   <li>anything else: "The term 'X' is not recognized…", as an ERROR_RECORD and a Failed pipeline.</li>
 * </ul>
 * Commands of a statement are piped into each other; statements run one after the other, and only the
 * first command of the first statement reads the pipeline input. Script text is read by {@link ScriptText}.
 */
final class PowerShellBuiltins {
    private static final int MAX_MESSAGE_CHARS = 4096;
    private static final String WRITE_ERROR_EXCEPTION = "Microsoft.PowerShell.Commands.WriteErrorException";

    /** Where a running pipeline writes. */
    interface Streams {
        void output(PsValue value);

        void error(ErrorRecordData error);
    }

    /** Thrown by a command that ends the pipeline: it fails with this error. */
    private static final class Terminated extends Exception {
        final transient ErrorRecordData error;

        Terminated(ErrorRecordData error) {
            super(error.message(), null, false, false);
            this.error = error;
        }
    }

    private PowerShellBuiltins() {
    }

    /** Runs the statements; null when the pipeline completed, else the error it failed with. */
    static ErrorRecordData run(List<PipelineStatement> statements, List<PsValue> input, Streams streams) {
        try {
            statements(statements, input, streams);
            return null;
        } catch (Terminated t) {
            return t.error;
        }
    }

    private static void statements(List<PipelineStatement> statements, List<PsValue> input, Streams streams) throws Terminated {
        boolean first = true;
        for (PipelineStatement s : statements) {
            List<PsValue> values = first ? input : List.of();
            first = false;
            for (PipelineCommand c : s.commands()) {
                values = c.isScript() ? script(c.command(), values, streams) : command(c, values, streams);
            }
            values.forEach(streams::output);
        }
    }

    /** An error of the host itself (a limit, unreadable data), reported like a PowerShell runtime error. */
    static ErrorRecordData hostError(String message) {
        return new ErrorRecordData(message, "System.Management.Automation.RuntimeException", "TapdeckHostError",
                ErrorRecordData.NOT_SPECIFIED, "", "");
    }

    private static List<PsValue> script(String text, List<PsValue> input, Streams streams) throws Terminated {
        List<PsValue> out = new ArrayList<>();
        Streams collect = new Streams() {
            @Override
            public void output(PsValue value) {
                out.add(value);
            }

            @Override
            public void error(ErrorRecordData error) {
                streams.error(error);
            }
        };
        try {
            statements(ScriptText.parse(text), input, collect);
        } catch (Terminated t) {
            out.forEach(streams::output); // what the script wrote before it failed still reaches the client
            throw t;
        }
        return out;
    }

    private static List<PsValue> command(PipelineCommand c, List<PsValue> input, Streams streams) throws Terminated {
        String name = c.command() == null ? "" : c.command().trim();
        switch (name.toLowerCase(Locale.ROOT)) {
            case "write-output":
            case "echo":
            case "write":
                return writeOutput(c.arguments(), input);
            case "$input":
            case "out-default":
                return input; // no host to print to: what Out-Default would show goes to the client as output
            case "invoke-expression":
                return script(text(c.arguments(), "Command"), input, streams);
            case "out-string":
                return outString(input, c.arguments().stream().anyMatch(a -> "Stream".equalsIgnoreCase(a.name())));
            case "write-error":
                String message = text(c.arguments(), "Message");
                streams.error(new ErrorRecordData(message, WRITE_ERROR_EXCEPTION, WRITE_ERROR_EXCEPTION, ErrorRecordData.NOT_SPECIFIED,
                        "Write-Error", ""));
                return List.of();
            case "throw":
                String reason = text(c.arguments(), null);
                reason = reason.isEmpty() ? "ScriptHalted" : reason;
                throw new Terminated(new ErrorRecordData(reason, "System.Management.Automation.RuntimeException", reason,
                        ErrorRecordData.OPERATION_STOPPED, "", ""));
            default:
                ErrorRecordData notFound = new ErrorRecordData("The term '" + name + "' is not recognized as the name of a cmdlet,"
                        + " function, script file, or operable program. Check the spelling of the name, or if a path was"
                        + " included, verify that the path is correct and try again.",
                        "System.Management.Automation.CommandNotFoundException", "CommandNotFoundException",
                        ErrorRecordData.OBJECT_NOT_FOUND, "", name);
                streams.error(notFound);
                throw new Terminated(notFound);
        }
    }

    private static List<PsValue> writeOutput(List<CommandArgument> args, List<PsValue> input) {
        boolean enumerate = args.stream().noneMatch(a -> "NoEnumerate".equalsIgnoreCase(a.name()));
        boolean bound = false;
        List<PsValue> out = new ArrayList<>();
        for (CommandArgument a : args) {
            if (a.positional() || "InputObject".equalsIgnoreCase(a.name())) {
                bound = true;
                boolean list = a.value() instanceof PsObject o && o.content() instanceof PsCollection;
                if (enumerate && list) {
                    out.addAll(PsValues.items(a.value()));
                } else {
                    out.add(a.value());
                }
            }
        }
        return bound ? out : input;
    }

    /** Out-String: the objects as text, one string in all, or one per object with {@code -Stream}. */
    private static List<PsValue> outString(List<PsValue> input, boolean stream) {
        List<PsValue> lines = new ArrayList<>();
        for (PsValue v : input) {
            lines.add(PsObjects.string(PsValueRenderer.render(v, MAX_MESSAGE_CHARS)));
        }
        if (stream) {
            return lines;
        }
        StringBuilder all = new StringBuilder();
        lines.forEach(l -> all.append(PsValues.string(l)).append("\r\n"));
        return List.of(PsObjects.string(all.toString()));
    }

    /** The named argument's value, else the positional ones joined by blanks, as text. */
    private static String text(List<CommandArgument> args, String name) {
        List<String> words = new ArrayList<>();
        for (CommandArgument a : args) {
            if (name != null && name.equalsIgnoreCase(a.name())) {
                return PsValueRenderer.render(a.value(), MAX_MESSAGE_CHARS);
            }
            if (a.positional()) {
                words.add(PsValueRenderer.render(a.value(), MAX_MESSAGE_CHARS));
            }
        }
        return String.join(" ", words);
    }
}
