package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValues;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;

/**
 * CREATE_PIPELINE ([MS-PSRP] 2.2.2.10): which commands, with which arguments, a client runs.
 *
 * <p>Statements come from {@code PowerShell.ExtraCmds} when it is a list: each item's {@code Cmds} is one
 * statement, and the top-level {@code Cmds} then repeats the first and is ignored. Otherwise the one
 * statement is {@code PowerShell.Cmds}. ExtraCmds is not in the spec; pypsrp sends it for several
 * statements (protocol-notes C.2).
 *
 * @param noInput        {@code NoInput}: no PIPELINE_INPUT will follow
 * @param addToHistory   {@code AddToHistory}
 * @param isNested       {@code IsNested} of the message (else of the pipeline)
 * @param history        {@code PowerShell.History}, or null
 * @param fromExtraCmds  whether the statements were read from ExtraCmds
 * @param statements     the statements, run one after the other
 */
public record CreatePipeline(boolean noInput, boolean addToHistory, boolean isNested, String history, boolean fromExtraCmds,
                             List<PipelineStatement> statements) implements PsrpView {
    public CreatePipeline {
        statements = List.copyOf(statements);
    }

    /** All commands of all statements, in order. */
    public List<PipelineCommand> commands() {
        List<PipelineCommand> all = new ArrayList<>();
        statements.forEach(s -> all.addAll(s.commands()));
        return all;
    }

    /** The whole pipeline on one line, statements separated by {@code ; }, each value bounded. */
    public String render(int maxValueChars) {
        return statements.stream().map(s -> s.render(maxValueChars)).collect(Collectors.joining("; "));
    }

    static CreatePipeline from(PsObject o) {
        PsValue powerShell = o.property("PowerShell");
        List<PipelineStatement> statements = new ArrayList<>();
        List<PsValue> extra = PsValues.items(PsValues.property(powerShell, "ExtraCmds"));
        for (PsValue item : extra) {
            statements.add(PipelineStatement.from(PsValues.property(item, "Cmds")));
        }
        if (extra.isEmpty()) {
            statements.add(PipelineStatement.from(PsValues.property(powerShell, "Cmds")));
        }
        Boolean nested = PsValues.bool(o.property("IsNested"));
        if (nested == null) {
            nested = PsValues.bool(PsValues.property(powerShell, "IsNested"));
        }
        return new CreatePipeline(Boolean.TRUE.equals(PsValues.bool(o.property("NoInput"))),
                Boolean.TRUE.equals(PsValues.bool(o.property("AddToHistory"))), Boolean.TRUE.equals(nested),
                PsValues.string(PsValues.property(powerShell, "History")), !extra.isEmpty(), statements);
    }
}
