package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValues;
import java.util.ArrayList;
import java.util.List;

/**
 * One Command of a pipeline ([MS-PSRP] 2.2.3.12).
 *
 * @param command       {@code Cmd}: a command name, or the whole script text when {@code isScript}
 * @param isScript      {@code IsScript}
 * @param useLocalScope {@code UseLocalScope}; null when sent as Nil
 * @param arguments     {@code Args}, in invocation order
 */
public record PipelineCommand(String command, boolean isScript, Boolean useLocalScope, List<CommandArgument> arguments) {
    public PipelineCommand {
        arguments = List.copyOf(arguments);
    }

    /** The command as it would be typed, e.g. {@code Get-Service -Name winrm}, each value bounded. */
    public String render(int maxValueChars) {
        StringBuilder sb = new StringBuilder(String.valueOf(command));
        for (CommandArgument a : arguments) {
            sb.append(' ').append(a.render(maxValueChars));
        }
        return sb.toString();
    }

    static PipelineCommand from(PsObject o) {
        List<CommandArgument> args = new ArrayList<>();
        for (PsValue item : PsValues.items(o.property("Args"))) {
            PsObject arg = PsValues.object(item);
            if (arg != null) {
                args.add(CommandArgument.from(arg));
            }
        }
        return new PipelineCommand(PsValues.string(o.property("Cmd")), Boolean.TRUE.equals(PsValues.bool(o.property("IsScript"))),
                PsValues.bool(o.property("UseLocalScope")), args);
    }
}
