package dev.tapdeck.protocol.psrp.build;

import static dev.tapdeck.protocol.clixml.PsObjects.bool;
import static dev.tapdeck.protocol.clixml.PsObjects.i32;
import static dev.tapdeck.protocol.clixml.PsObjects.nil;
import static dev.tapdeck.protocol.clixml.PsObjects.property;
import static dev.tapdeck.protocol.clixml.PsObjects.string;

import dev.tapdeck.protocol.clixml.ClixmlWriter;
import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsObjects;
import dev.tapdeck.protocol.clixml.PsProperty;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.psrp.Destination;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.view.CommandArgument;
import dev.tapdeck.protocol.psrp.view.PipelineCommand;
import dev.tapdeck.protocol.psrp.view.PipelineStatement;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The messages a PSRP client sends to open a RunspacePool and run pipelines, shaped like pypsrp's in the corpus
 * (test_psrp_with_input.yml, test_psrp_multiple_commands.yml): Destination 2, no BOM, PID zero on
 * RunspacePool messages. A pipeline is given as the same records the audit view reads back
 * ({@link PipelineStatement}, {@link PipelineCommand}, {@link CommandArgument}).
 */
public final class ClientMessages {
    private static final UUID NONE = new UUID(0, 0);
    private static final String RUNSPACES = "System.Management.Automation.Runspaces.";
    private static final List<String> PSOBJECT_LIST = List.of("System.Collections.Generic.List`1[[System.Management.Automation.PSObject,"
            + " System.Management.Automation, Version=1.0.0.0, Culture=neutral, PublicKeyToken=31bf3856ad364e35]]", "System.Object");
    /** [MS-PSRP] 2.2.3.12: the merge settings of a Command, all None unless asked for. */
    private static final List<String> MERGES = List.of("MergeMyResult", "MergeToResult", "MergePreviousResults", "MergeError",
            "MergeWarning", "MergeVerbose", "MergeDebug", "MergeInformation");

    private ClientMessages() {
    }

    /** [MS-PSRP] 2.2.2.1: the first message to a pool ([MS-PSRP] 3.1.5.3.1). */
    public static PsrpMessage sessionCapability(UUID rpid) {
        return message(PsrpMessageType.SESSION_CAPABILITY, rpid, NONE, PsrpData.sessionCapability());
    }

    /** [MS-PSRP] 2.2.2.2, with no host and no ApplicationArguments. */
    public static PsrpMessage initRunspacePool(UUID rpid, int minRunspaces, int maxRunspaces) {
        return message(PsrpMessageType.INIT_RUNSPACEPOOL, rpid, NONE, PsObjects.properties(
                property("MinRunspaces", i32(minRunspaces)), property("MaxRunspaces", i32(maxRunspaces)),
                property("PSThreadOptions", PsObjects.enumValue(RUNSPACES + "PSThreadOptions", "Default", 0)),
                property("ApartmentState", PsObjects.enumValue(RUNSPACES + "ApartmentState", "UNKNOWN", 2)),
                property("HostInfo", PsrpData.noHost()), property("ApplicationArguments", nil())));
    }

    /**
     * [MS-PSRP] 2.2.2.10. One statement goes in {@code Cmds}; several go in {@code ExtraCmds} as well, with
     * {@code Cmds} repeating the first, as pypsrp sends them (protocol-notes C.2).
     *
     * @param noInput true when no PIPELINE_INPUT will follow
     */
    public static PsrpMessage createPipeline(UUID rpid, UUID pid, List<PipelineStatement> statements, boolean noInput) {
        if (statements.isEmpty()) {
            throw new IllegalArgumentException("a pipeline has at least one statement");
        }
        PsValue extra = nil();
        if (statements.size() > 1) {
            List<PsValue> items = new ArrayList<>();
            for (PipelineStatement s : statements) {
                items.add(PsObjects.properties(property("Cmds", commands(s))));
            }
            extra = PsObjects.list(PSOBJECT_LIST, items);
        }
        PsObject powerShell = PsObjects.properties(property("IsNested", bool(false)), property("ExtraCmds", extra),
                property("Cmds", commands(statements.get(0))), property("History", nil()),
                property("RedirectShellErrorOutputPipe", bool(false)));
        return message(PsrpMessageType.CREATE_PIPELINE, rpid, pid, PsObjects.properties(
                property("NoInput", bool(noInput)),
                property("ApartmentState", PsObjects.enumValue(RUNSPACES + "ApartmentState", "UNKNOWN", 2)),
                property("RemoteStreamOptions", PsObjects.enumValue(RUNSPACES + "RemoteStreamOptions", "AddInvocationInfo", 15)),
                property("AddToHistory", bool(false)), property("HostInfo", PsrpData.noHost()),
                property("PowerShell", powerShell), property("IsNested", bool(false))));
    }

    /** [MS-PSRP] 2.2.2.17: one input object. */
    public static PsrpMessage pipelineInput(UUID rpid, UUID pid, PsValue value) {
        return message(PsrpMessageType.PIPELINE_INPUT, rpid, pid, value);
    }

    /** [MS-PSRP] 2.2.2.18: empty Data. */
    public static PsrpMessage endOfPipelineInput(UUID rpid, UUID pid) {
        return PsrpMessage.of(Destination.SERVER, PsrpMessageType.END_OF_PIPELINE_INPUT, rpid, pid, "", false);
    }

    /** [MS-PSRP] 2.2.3.11 Cmds: a list of Command objects (2.2.3.12). */
    private static PsObject commands(PipelineStatement statement) {
        List<PsValue> commands = new ArrayList<>();
        for (PipelineCommand c : statement.commands()) {
            List<PsProperty> props = new ArrayList<>();
            props.add(property("Cmd", string(c.command())));
            props.add(property("IsScript", bool(c.isScript())));
            props.add(property("UseLocalScope", c.useLocalScope() == null ? nil() : bool(c.useLocalScope())));
            for (String merge : MERGES) {
                props.add(property(merge, PsObjects.enumValue(RUNSPACES + "PipelineResultTypes", "None", 0)));
            }
            List<PsValue> args = new ArrayList<>();
            for (CommandArgument a : c.arguments()) {
                // [MS-PSRP] 2.2.3.13: N is Nil for a positional argument
                args.add(PsObjects.properties(property("N", a.positional() ? nil() : string(a.name())), property("V", a.value())));
            }
            props.add(property("Args", PsObjects.list(PSOBJECT_LIST, args)));
            commands.add(PsObjects.typed(List.of(), null, props));
        }
        return PsObjects.list(PSOBJECT_LIST, commands);
    }

    private static PsrpMessage message(PsrpMessageType type, UUID rpid, UUID pid, PsValue data) {
        return PsrpMessage.of(Destination.SERVER, type, rpid, pid, ClixmlWriter.write(data), false);
    }
}
