package dev.tapdeck.samples.winrm;

import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import dev.tapdeck.protocol.wsman.WsmanHeader;
import dev.tapdeck.protocol.wsman.WsmanNamespaces;
import dev.tapdeck.protocol.wsman.WsmanOption;
import dev.tapdeck.protocol.wsman.XsDuration;

import java.time.Duration;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The WinRS cmd-shell service of the emulated host: Create, Command, Send, Receive, Signal and Delete on
 * shells and commands ([MS-WSMV] 3.1.4.5, 3.1.4.11 to 3.1.4.14), answered like Windows answers them.
 * It takes parsed envelopes and gives reply envelopes; the transport, the clock for long polls and the
 * ids come from outside, so the service is tested without a socket. Not thread-safe: the server confines
 * it to one event loop.
 */
final class ShellService {
    static final int HTTP_OK = 200;
    /** Windows answers every fault with HTTP 500 (protocol-notes A.1). */
    static final int HTTP_FAULT = 500;

    /** [MS-WSMV] 3.1.4.1.7: below 8192 octets the service MUST answer wsman:EncodingLimit. */
    private static final long MIN_ENVELOPE_SIZE = 8192;
    /** pywinrm and pypsrp ask for 153600, the 2008 R2 default (protocol-notes A.8). */
    private static final long DEFAULT_ENVELOPE_SIZE = 153600;
    /** MaxEnvelopeSizekb of Windows Server 2012 and later: 500 KiB (protocol-notes A.8). */
    private static final long MAX_ENVELOPE_SIZE = 512000;
    /** cmd.exe refuses longer lines; winrmcp sizes its chunks to stay under it. */
    private static final int CMD_LINE_LIMIT = 8191;
    /** Exit code of a process ended by ctrl_c or ctrl_break (STATUS_CONTROL_C_EXIT). */
    private static final long STATUS_CONTROL_C_EXIT = 0xC000013AL;

    private final WinrmServerOptions options;
    private final FileStore files;
    private final ResponseEnvelopes envelopes;
    private final Scheduler scheduler;
    private final Map<String, ShellSession> shells = new LinkedHashMap<>();
    private final PowerShellShells powerShell;

    ShellService(WinrmServerOptions options, FileStore files, Scheduler scheduler) {
        this.options = options;
        this.files = files;
        this.scheduler = scheduler;
        this.envelopes = new ResponseEnvelopes(options.ids(), options.machineName());
        this.powerShell = new PowerShellShells(options, envelopes, this, scheduler);
    }

    /** Handles one request; the reply goes to {@code sink}, at once or, for a waiting Receive, later. */
    void handle(WsmanEnvelope envelope, RequestContext context, ReplySink sink) {
        WsmanHeader header = envelope.header();
        WsmanFault fault = checkHeader(header);
        if (fault != null) {
            sink.reply(HTTP_FAULT, envelopes.fault(header.messageId(), fault));
            return;
        }
        expireIdleShells();
        Reply reply = dispatch(header, envelope.body(), context, sink);
        if (reply != null) {
            sink.reply(reply.status(), reply.envelope());
        }
    }

    /** A fault for a request that could not even be read as an envelope. */
    String unreadableRequest(WsmanFault fault) {
        return envelopes.fault(null, fault);
    }

    /** WinRS shells and RunspacePools together: the quota counts both, as on Windows. */
    int shellCount() {
        return shells.size() + powerShell.poolCount();
    }

    private WsmanFault checkHeader(WsmanHeader h) {
        if (h.actionUri() == null || h.messageId() == null) {
            return WsmanFault.of(FaultKind.MESSAGE_INFORMATION_HEADER_REQUIRED);
        }
        if (h.maxEnvelopeSize() != null && h.maxEnvelopeSize() < MIN_ENVELOPE_SIZE) {
            return WsmanFault.of(FaultKind.ENCODING_LIMIT);
        }
        if (h.operationTimeout() != null && XsDuration.parse(h.operationTimeout()).isEmpty()) {
            return WsmanFault.invalidTimeout(h.operationTimeout());
        }
        switch (h.action()) {
            case Create: case Delete: case Command: case Send: case Receive: case Signal:
                break;
            default:
                return WsmanFault.of(FaultKind.ACTION_NOT_SUPPORTED);
        }
        // [MS-WSMV] 3.1.4.13: this host offers the WinRS text shell and PowerShell session configurations
        boolean cmd = h.resourceUri() != null && h.resourceUri().trim().equalsIgnoreCase(WsmanNamespaces.RESOURCE_CMD);
        if (!cmd && !PowerShellShells.isPowerShell(h.resourceUri())) {
            return WsmanFault.of(FaultKind.DESTINATION_UNREACHABLE);
        }
        return null;
    }

    private Reply dispatch(WsmanHeader h, WsmanBody body, RequestContext context, ReplySink sink) {
        if (PowerShellShells.isPowerShell(h.resourceUri())) {
            if (h.action() == WsmanAction.Create && shellCount() >= options.maxShells()) {
                return fault(h, quotaFault());
            }
            return powerShell.dispatch(h, body, context, sink);
        }
        if (h.action() == WsmanAction.Create) {
            return body instanceof WsmanBody.Shell ? create(h, (WsmanBody.Shell) body, context) : schemaFault(h);
        }
        String shellId = h.shellId().map(String::trim).orElse("");
        ShellSession shell = shells.get(shellId.toUpperCase(Locale.ROOT));
        if (shell == null) {
            return fault(h, WsmanFault.unknownShell(shellId));
        }
        shell.touch(options.nanoClock().getAsLong());
        switch (h.action()) {
            case Delete:
                return delete(h, shell);
            case Command:
                return body instanceof WsmanBody.CommandLine ? command(h, shell, (WsmanBody.CommandLine) body) : schemaFault(h);
            case Send:
                return body instanceof WsmanBody.Send ? send(h, shell, (WsmanBody.Send) body) : schemaFault(h);
            case Receive:
                return body instanceof WsmanBody.Receive ? receive(h, shell, (WsmanBody.Receive) body, sink) : schemaFault(h);
            case Signal:
                return body instanceof WsmanBody.Signal ? signal(h, shell, (WsmanBody.Signal) body) : schemaFault(h);
            default:
                return fault(h, WsmanFault.of(FaultKind.ACTION_NOT_SUPPORTED));
        }
    }

    private Reply create(WsmanHeader h, WsmanBody.Shell body, RequestContext context) {
        if (shellCount() >= options.maxShells()) {
            return fault(h, quotaFault());
        }
        // a cmd shell always gets a server-chosen id; only PSRP shells adopt the client's (protocol-notes A.6)
        String shellId = ResponseEnvelopes.guid(options.ids().get());
        int codepage = h.option("WINRS_CODEPAGE").map(WsmanOption::value).map(ShellService::parseIntOrNull)
                .orElse(ShellEnvironment.DEFAULT_CODEPAGE);
        String owner = context.user() == null || context.user().isBlank() ? "tapdeck" : context.user();
        ShellEnvironment env = new ShellEnvironment(owner, options.machineName(), codepage);
        List<String> input = body.inputStreams().isEmpty() ? List.of("stdin") : body.inputStreams();
        List<String> output = body.outputStreams().isEmpty() ? List.of(StreamChunk.STDOUT, StreamChunk.STDERR)
                : body.outputStreams();
        var description = new ResponseEnvelopes.ShellDescription(shellId, WsmanNamespaces.RESOURCE_CMD, owner,
                context.clientIp(), XsDuration.format(options.idleTimeout()), String.join(" ", input), String.join(" ", output));
        shells.put(shellId, new ShellSession(description, env, output, options.nanoClock().getAsLong()));
        return ok(envelopes.createResponse(h.messageId(), context.address(), description));
    }

    private WsmanFault quotaFault() {
        return new WsmanFault(FaultKind.QUOTA_MAX_SHELLS, "The WS-Management service cannot process the"
                + " request. This user is allowed a maximum number of " + options.maxShells() + " concurrent"
                + " shells, which has been exceeded. Close existing shells or raise the quota for this user. ");
    }

    private Reply delete(WsmanHeader h, ShellSession shell) {
        shells.remove(shell.shellId());
        terminateAll(shell);
        return ok(envelopes.deleteResponse(h.messageId()));
    }

    private Reply command(WsmanHeader h, ShellSession shell, WsmanBody.CommandLine body) {
        // [MS-WSMV] 2.2.4.7: a client MAY propose the CommandId; Windows echoes it (protocol-notes A.6)
        String proposed = body.commandId() == null ? "" : body.commandId().trim();
        String commandId = proposed.isEmpty() ? ResponseEnvelopes.guid(options.ids().get()) : proposed;
        if (shell.command(commandId) != null) {
            return fault(h, WsmanFault.of(FaultKind.INVALID_PARAMETER));
        }
        if (shell.commandCount() >= options.maxCommandsPerShell()) {
            return fault(h, new WsmanFault(FaultKind.QUOTA_MAX_OPERATIONS, "The shell already holds "
                    + options.maxCommandsPerShell() + " commands (the configured maxCommandsPerShell); terminate"
                    + " finished commands with a Signal before starting more. "));
        }
        String line = commandLine(body);
        Builtin program = line.length() > CMD_LINE_LIMIT
                ? new Builtins.Failure("The command line is too long." + Builtins.CRLF, 1)
                : CmdInterpreter.parse(line, shell.env());
        CommandProcess process = new CommandProcess(commandId, program, shell.env(), files, options.maxPendingOutputBytes());
        shell.add(process);
        process.start();
        return ok(envelopes.commandResponse(h.messageId(), commandId));
    }

    private Reply send(WsmanHeader h, ShellSession shell, WsmanBody.Send body) {
        // check every stream before any is delivered: a fault must leave the command untouched
        for (ShellStream stream : body.streams()) {
            CommandProcess process = shell.command(stream.commandId());
            if (process == null) {
                return fault(h, WsmanFault.unknownCommand());
            }
            if (!stream.isValid() || !"stdin".equalsIgnoreCase(stream.name())) {
                return fault(h, WsmanFault.of(stream.isValid() ? FaultKind.INVALID_PARAMETER : FaultKind.SCHEMA_VALIDATION_ERROR));
            }
            if (!process.hasRoomFor(stream.size())) {
                return fault(h, new WsmanFault(FaultKind.QUOTA_MAX_OPERATIONS, "The command already has "
                        + options.maxPendingOutputBytes() + " bytes of output waiting (the configured"
                        + " maxPendingOutputBytes); Receive it before sending more input. "));
            }
        }
        for (ShellStream stream : body.streams()) {
            shell.command(stream.commandId()).stdin(stream.data(), stream.end());
        }
        return ok(envelopes.sendResponse(h.messageId()));
    }

    private Reply receive(WsmanHeader h, ShellSession shell, WsmanBody.Receive body, ReplySink sink) {
        CommandProcess process = shell.command(body.commandId());
        if (process == null) {
            return fault(h, WsmanFault.unknownCommand());
        }
        List<String> desired = body.desiredStreams().isEmpty() ? shell.outputStreams() : body.desiredStreams();
        long budget = receiveBudget(h);
        Supplier<String> answer = () -> envelopes.receiveResponse(h.messageId(), process.commandId(),
                process.take(budget, desired), desired, process.isDrained(), process.exitCode());
        if (process.isReady()) {
            return ok(answer.get());
        }
        ReceivePoll poll = new ReceivePoll(envelopes, scheduler, h.messageId(), process, answer);
        poll.start(timeout(h), sink);
        return null;
    }

    private Reply signal(WsmanHeader h, ShellSession shell, WsmanBody.Signal body) {
        CommandProcess process = shell.command(body.commandId());
        if (process == null) {
            return fault(h, WsmanFault.unknownCommand());
        }
        String code = body.code() == null ? "" : body.code().trim().toLowerCase(Locale.ROOT);
        if (code.endsWith("/signal/terminate")) {
            // [MS-WSMV] 3.1.4.14: the final Signal ends the command; later requests on it get InvalidSelectors
            shell.remove(process.commandId());
            process.exit(1);
        } else if (code.endsWith("/signal/ctrl_c") || code.endsWith("/signal/ctrl_break")) {
            process.exit(STATUS_CONTROL_C_EXIT);
        } else {
            return fault(h, WsmanFault.of(FaultKind.INVALID_PARAMETER));
        }
        return ok(envelopes.signalResponse(h.messageId()));
    }

    /** WinRS runs {@code rsp:Command} followed by each {@code rsp:Arguments}, separated by spaces ([MS-WSMV] 2.2.4.7). */
    private static String commandLine(WsmanBody.CommandLine body) {
        StringBuilder line = new StringBuilder(body.command() == null ? "" : body.command());
        for (String argument : body.arguments()) {
            line.append(' ').append(argument);
        }
        return line.toString();
    }

    /**
     * Raw output bytes one ReceiveResponse may carry: base64 grows 4/3, and the envelope needs room. Like
     * Windows, the server never goes past its own MaxEnvelopeSizekb, whatever the client asks for.
     */
    private static long receiveBudget(WsmanHeader h) {
        return Math.max(1024, (envelopeSize(h) - 4096) / 4 * 3);
    }

    /** The envelope size the server answers within: the client's MaxEnvelopeSize, capped at its own. */
    static long envelopeSize(WsmanHeader h) {
        return h.maxEnvelopeSize() == null ? DEFAULT_ENVELOPE_SIZE : Math.min(h.maxEnvelopeSize(), MAX_ENVELOPE_SIZE);
    }

    /** How long a Receive may wait: the OperationTimeout asked for, within the configured bound. */
    Duration timeout(WsmanHeader h) {
        Duration asked = h.operationTimeout() == null ? options.defaultOperationTimeout()
                : XsDuration.parse(h.operationTimeout()).orElse(options.defaultOperationTimeout());
        return asked.compareTo(options.maxOperationTimeout()) > 0 ? options.maxOperationTimeout() : asked;
    }

    private void expireIdleShells() {
        long now = options.nanoClock().getAsLong();
        powerShell.expireIdle(now);
        long idle = options.idleTimeout().toNanos();
        for (Iterator<ShellSession> it = shells.values().iterator(); it.hasNext(); ) {
            ShellSession shell = it.next();
            if (now - shell.lastUsedNanos() > idle) {
                it.remove();
                terminateAll(shell);
            }
        }
    }

    /** Ends every command of a closed shell, which also answers their waiting Receives. */
    private static void terminateAll(ShellSession shell) {
        for (CommandProcess process : List.copyOf(shell.commands())) {
            process.exit(1);
        }
    }

    Reply schemaFault(WsmanHeader h) {
        return fault(h, WsmanFault.of(FaultKind.SCHEMA_VALIDATION_ERROR));
    }

    Reply fault(WsmanHeader h, WsmanFault fault) {
        return new Reply(HTTP_FAULT, envelopes.fault(h.messageId(), fault));
    }

    static Reply ok(String envelope) {
        return new Reply(HTTP_OK, envelope);
    }

    private static Integer parseIntOrNull(String s) {
        try {
            return Integer.parseInt(s.trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Timers for long polls; the server backs it with Vert.x timers, tests with a manual clock. */
    interface Scheduler {
        long schedule(Duration delay, Runnable task);

        void cancel(long timerId);
    }

    /** Where a reply goes; {@code onCancel} runs if the client disconnects before a waiting reply is sent. */
    interface ReplySink {
        void reply(int status, String envelope);

        void onCancel(Runnable onCancel);
    }

    /**
     * @param user     the Basic user name the client sent, or null
     * @param clientIp the client's address, as Windows reports it in {@code rsp:ClientIP}
     * @param address  this endpoint's URL, for {@code a:Address} in ResourceCreated
     */
    record RequestContext(String user, String clientIp, String address) {
    }

    record Reply(int status, String envelope) {
    }
}
