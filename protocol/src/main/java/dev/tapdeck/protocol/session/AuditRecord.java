package dev.tapdeck.protocol.session;

import java.util.List;

/**
 * One command run through the tap, for the audit log (design: "which command, with which arguments and
 * which stdin, went to which host, as which user, through which endpoint"). Emitted when the command
 * completes, or, marked incomplete, when its shell is deleted or the tap stops first. Time and upstream
 * are added by the caller (the tap reads no clock).
 *
 * @param kind          what ran
 * @param shellId       the ShellId (for PSRP, the RunspacePool)
 * @param commandId     the CommandId the server returned
 * @param pipelineId    the PSRP PID, null for WinRS commands
 * @param resourceUri   the shell's ResourceURI
 * @param endpoint      the session configuration ({@code Microsoft.PowerShell}, {@code JEARole}) or {@code cmd}
 * @param requester     who sent the Command
 * @param statements    CREATE_PIPELINE: the statements run one after the other (ExtraCmds when sent, else Cmds)
 * @param metadata      GET_COMMAND_METADATA: what was asked for; else null
 * @param commandLine   WinRS: {@code rsp:Command}; else null
 * @param arguments     WinRS: the {@code rsp:Arguments}, in order; else empty
 * @param input         PIPELINE_INPUT objects or WinRS stdin
 * @param hostResponses answers to host calls (Read-Host…), redacted unless configured otherwise
 * @param signals       Signal codes sent to the command, last URI segment (e.g. {@code ctrl_c}, {@code Terminate})
 * @param outcome       how it ended, as far as it was seen
 * @param complete      false when the record was emitted before the command's end was seen
 * @param incompleteReason why it is incomplete, else null
 */
public record AuditRecord(Kind kind, String shellId, String commandId, String pipelineId, String resourceUri,
                          String endpoint, Requester requester, List<Statement> statements, Metadata metadata,
                          String commandLine, List<String> arguments, Input input, List<HostResponse> hostResponses,
                          List<String> signals, Outcome outcome, boolean complete, String incompleteReason) {

    public AuditRecord {
        statements = List.copyOf(statements);
        arguments = List.copyOf(arguments);
        hostResponses = List.copyOf(hostResponses);
        signals = List.copyOf(signals);
    }

    /** What kind of command. */
    public enum Kind {
        /** A PowerShell pipeline ([MS-PSRP] 2.2.2.10). */
        CREATE_PIPELINE,
        /** A Get-Command through the RunspacePool ([MS-PSRP] 2.2.2.14). */
        GET_COMMAND_METADATA,
        /** A WinRS (cmd) command line ([MS-WSMV] 2.2.4.7). */
        WINRS_COMMAND
    }

    /** One statement: commands piped into each other. */
    public record Statement(List<Command> commands) {
        public Statement {
            commands = List.copyOf(commands);
        }
    }

    /**
     * One command of a statement ([MS-PSRP] 2.2.3.12).
     *
     * @param command  the command name, or the script text when {@code isScript}
     */
    public record Command(String command, boolean isScript, List<Argument> arguments) {
        public Command {
            arguments = List.copyOf(arguments);
        }
    }

    /**
     * One argument ([MS-PSRP] 2.2.3.13).
     *
     * @param name  the parameter name, null when positional
     * @param value the value on one bounded line; SecureStrings are {@code <SecureString>}
     */
    public record Argument(String name, String value) {
        public boolean positional() {
            return name == null;
        }
    }

    /** A GET_COMMAND_METADATA request ([MS-PSRP] 2.2.2.14). */
    public record Metadata(List<String> names, Integer commandType, List<String> namespaces, List<String> argumentList) {
        public Metadata {
            names = List.copyOf(names);
            namespaces = List.copyOf(namespaces);
            argumentList = List.copyOf(argumentList);
        }
    }

    /**
     * What the command was fed.
     *
     * @param count     PIPELINE_INPUT objects, or WinRS stdin Sends with data
     * @param bytes     total size of that input
     * @param objects   the first input objects, each on one bounded line (PSRP)
     * @param ended     whether END_OF_PIPELINE_INPUT or a stdin stream with End was seen
     * @param text      WinRS stdin as text when it is valid UTF-8 and within the bound, else null
     * @param sha256    WinRS stdin SHA-256 (hex), null when there was none
     */
    public record Input(long count, long bytes, List<String> objects, boolean ended, String text, String sha256) {
        public static final Input NONE = new Input(0, 0, List.of(), false, null, null);

        public Input {
            objects = List.copyOf(objects);
        }
    }

    /**
     * A PIPELINE_HOST_RESPONSE ([MS-PSRP] 2.2.2.28).
     *
     * @param method   the host method it answers (e.g. ReadLine), null when unreadable
     * @param value    the result on one bounded line, null when redacted
     * @param redacted whether the value was withheld
     * @param bytes    size of the message Data
     */
    public record HostResponse(String method, String value, boolean redacted, int bytes) {
    }

    /**
     * How the command ended.
     *
     * @param state    PSInvocationState name for PSRP (Completed, Failed, Stopped…), {@code Done} for WinRS,
     *                 {@code Fault} when the Command itself failed; null when not seen
     * @param exitCode the WinRS ExitCode, else null
     * @param errors   ERROR_RECORD messages and the failure reason, bounded
     */
    public record Outcome(String state, Long exitCode, List<String> errors) {
        public Outcome {
            errors = List.copyOf(errors);
        }
    }
}
