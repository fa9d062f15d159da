package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValues;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/** One statement: the commands of one {@code Cmds} list, piped into each other ({@code a | b}). */
public record PipelineStatement(List<PipelineCommand> commands) {
    public PipelineStatement {
        commands = List.copyOf(commands);
    }

    /** The statement as it would be typed, e.g. {@code Get-Process | Select-Object -First 1}. */
    public String render(int maxValueChars) {
        return commands.stream().map(c -> c.render(maxValueChars)).collect(Collectors.joining(" | "));
    }

    /** From a {@code Cmds} list ([MS-PSRP] 2.2.3.11). */
    static PipelineStatement from(PsValue cmds) {
        List<PipelineCommand> commands = new ArrayList<>();
        for (PsValue item : PsValues.items(cmds)) {
            PsObject command = PsValues.object(item);
            if (command != null) {
                commands.add(PipelineCommand.from(command));
            }
        }
        return new PipelineStatement(commands);
    }
}
