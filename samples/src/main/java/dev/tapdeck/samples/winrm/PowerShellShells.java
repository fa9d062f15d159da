package dev.tapdeck.samples.winrm;

import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanAction;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanHeader;
import dev.tapdeck.protocol.wsman.WsmanNamespaces;
import dev.tapdeck.protocol.wsman.XsDuration;
import dev.tapdeck.samples.psrp.PsrpRunspacePool;

import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

/**
 * The PowerShell endpoint of the emulated host: WS-Man operations on a resource URI under
 * {@code http://schemas.microsoft.com/powershell/} mapped onto a {@link PsrpRunspacePool} as [MS-PSRP] 3.1.5.3
 * describes (protocol-notes A.6, B.4): Create with the client's ShellId and its creationXml, Receive with the
 * server's messages base64 in {@code stdout} streams (one fragment per stream, as Windows sends them), Command
 * with the CREATE_PIPELINE in its Arguments and the client's CommandId echoed, Send on {@code stdin} or
 * {@code pr}, Signal, Delete. Not thread-safe: confined with {@link ShellService} to one event loop.
 */
final class PowerShellShells {
    /** The PowerShell version the fake host announces (that of the Windows Server 2016 in the corpus). */
    static final String PS_VERSION = "5.1.14393.2248";

    private final WinrmServerOptions options;
    private final ResponseEnvelopes envelopes;
    private final ShellService service;
    private final ShellService.Scheduler scheduler;
    private final Map<String, Pool> pools = new LinkedHashMap<>();

    private static final class Pool {
        final PsrpRunspacePool psrp;
        long lastUsedNanos;

        Pool(PsrpRunspacePool psrp, long now) {
            this.psrp = psrp;
            this.lastUsedNanos = now;
        }
    }

    PowerShellShells(WinrmServerOptions options, ResponseEnvelopes envelopes, ShellService service, ShellService.Scheduler scheduler) {
        this.options = options;
        this.envelopes = envelopes;
        this.service = service;
        this.scheduler = scheduler;
    }

    /** Whether a resource URI names a PowerShell session configuration (protocol-notes A.4). */
    static boolean isPowerShell(String resourceUri) {
        return resourceUri != null && resourceUri.trim().toLowerCase(Locale.ROOT)
                .startsWith(WsmanNamespaces.RESOURCE_POWERSHELL_PREFIX.toLowerCase(Locale.ROOT));
    }

    int poolCount() {
        return pools.size();
    }

    ShellService.Reply dispatch(WsmanHeader h, WsmanBody body, ShellService.RequestContext context, ShellService.ReplySink sink) {
        if (h.action() == WsmanAction.Create) {
            return body instanceof WsmanBody.Shell shell ? create(h, shell, context) : service.schemaFault(h);
        }
        String shellId = h.shellId().map(String::trim).orElse("");
        Pool pool = pools.get(shellId.toUpperCase(Locale.ROOT));
        if (pool == null) {
            return service.fault(h, WsmanFault.unknownShell(shellId));
        }
        pool.lastUsedNanos = options.nanoClock().getAsLong();
        switch (h.action()) {
            case Delete:
                pools.remove(shellId.toUpperCase(Locale.ROOT));
                return ShellService.ok(envelopes.deleteResponse(h.messageId()));
            case Command:
                return body instanceof WsmanBody.CommandLine c ? command(h, pool, c) : service.schemaFault(h);
            case Send:
                return body instanceof WsmanBody.Send s ? send(h, pool, s) : service.schemaFault(h);
            case Receive:
                return body instanceof WsmanBody.Receive r ? receive(h, pool, r, sink) : service.schemaFault(h);
            case Signal:
                return body instanceof WsmanBody.Signal s ? signal(h, pool, s) : service.schemaFault(h);
            default:
                return service.fault(h, WsmanFault.of(FaultKind.ACTION_NOT_SUPPORTED));
        }
    }

    /** [MS-PSRP] 3.1.5.3.1: the server adopts the client's ShellId, the RunspacePool id (protocol-notes A.6). */
    private ShellService.Reply create(WsmanHeader h, WsmanBody.Shell body, ShellService.RequestContext context) {
        UUID rpid = guid(body.shellId());
        if (rpid == null || body.creationXml() == null) {
            return invalid(h, "A PowerShell Create carries the RunspacePool id as ShellId and a creationXml ([MS-PSRP] 3.1.5.3.1).");
        }
        String shellId = ResponseEnvelopes.guid(rpid);
        if (pools.containsKey(shellId)) {
            return invalid(h, "A RunspacePool with ShellId " + shellId + " already exists.");
        }
        byte[] creationXml = base64(body.creationXml());
        PsrpRunspacePool psrp = new PsrpRunspacePool(rpid, ShellService.envelopeSize(h), options.maxPendingOutputBytes(), PS_VERSION);
        String problem = creationXml == null ? "the creationXml is not base64" : psrp.open(creationXml);
        if (problem != null) {
            return invalid(h, "The RunspacePool could not be opened: " + problem + ". ");
        }
        String owner = context.user() == null || context.user().isBlank() ? "tapdeck" : context.user();
        String resourceUri = h.resourceUri().trim();
        var description = new ResponseEnvelopes.ShellDescription(shellId, resourceUri, owner, context.clientIp(),
                XsDuration.format(options.idleTimeout()), "stdin pr", "stdout");
        pools.put(shellId, new Pool(psrp, options.nanoClock().getAsLong()));
        return ShellService.ok(envelopes.createResponse(h.messageId(), context.address(), description));
    }

    /** [MS-PSRP] 3.1.5.3.3, 3.1.5.3.4: the CommandId the client proposed is echoed (the pipeline's PID when absent). */
    private ShellService.Reply command(WsmanHeader h, Pool pool, WsmanBody.CommandLine body) {
        if (body.arguments().isEmpty()) {
            return invalid(h, "A PowerShell Command carries the CREATE_PIPELINE in its Arguments ([MS-PSRP] 3.1.5.3.3).");
        }
        String commandId = body.commandId() == null || body.commandId().isBlank()
                ? ResponseEnvelopes.guid(options.ids().get()) : body.commandId().trim().toUpperCase(Locale.ROOT);
        if (pool.psrp.hasPipeline(commandId)) {
            return service.fault(h, WsmanFault.of(FaultKind.INVALID_PARAMETER));
        }
        for (String argument : body.arguments()) {
            byte[] data = base64(argument);
            String problem = data == null ? "the Arguments are not base64" : pool.psrp.command(commandId, data);
            if (problem != null) {
                pool.psrp.remove(commandId);
                return invalid(h, problem + ". ");
            }
        }
        return ShellService.ok(envelopes.commandResponse(h.messageId(), commandId));
    }

    /** [MS-PSRP] 3.1.5.3.5: stdin or pr streams, to the pool or (with CommandId) to a pipeline. */
    private ShellService.Reply send(WsmanHeader h, Pool pool, WsmanBody.Send body) {
        for (ShellStream stream : body.streams()) {
            if (!stream.isValid()) {
                return service.schemaFault(h);
            }
            if (!"stdin".equalsIgnoreCase(stream.name()) && !"pr".equalsIgnoreCase(stream.name())) {
                return service.fault(h, WsmanFault.of(FaultKind.INVALID_PARAMETER));
            }
            if (stream.commandId() != null && !pool.psrp.hasPipeline(stream.commandId())) {
                return service.fault(h, WsmanFault.unknownCommand());
            }
        }
        for (ShellStream stream : body.streams()) {
            String problem = pool.psrp.send(stream.commandId(), stream.data());
            if (problem != null) {
                return invalid(h, problem + ". ");
            }
        }
        return ShellService.ok(envelopes.sendResponse(h.messageId()));
    }

    /** [MS-PSRP] 3.1.5.3.7, 3.2.5.3.8: pool messages without CommandId, a pipeline's with it, Done once drained. */
    private ShellService.Reply receive(WsmanHeader h, Pool pool, WsmanBody.Receive body, ShellService.ReplySink sink) {
        String commandId = body.commandId() == null || body.commandId().isBlank() ? null : body.commandId().trim();
        if (commandId != null && !pool.psrp.hasPipeline(commandId)) {
            return service.fault(h, WsmanFault.unknownCommand());
        }
        long envelope = ShellService.envelopeSize(h);
        Supplier<String> answer = () -> {
            PsrpRunspacePool.Taken taken = pool.psrp.take(commandId, envelope);
            return envelopes.psrpReceiveResponse(h.messageId(), commandId, taken.fragments(), taken.done());
        };
        if (pool.psrp.isReady(commandId)) {
            return ShellService.ok(answer.get());
        }
        ReceivePoll.Source source = new ReceivePoll.Source() {
            @Override
            public void onOutput(Runnable listener) {
                pool.psrp.onOutput(commandId, listener);
            }

            @Override
            public void removeOutputListener(Runnable listener) {
                pool.psrp.removeOutputListener(commandId, listener);
            }
        };
        new ReceivePoll(envelopes, scheduler, h.messageId(), source, answer).start(service.timeout(h), sink);
        return null;
    }

    /** [MS-PSRP] 3.1.5.3.9: ctrl_c stops the pipeline; Terminate (pypsrp, WinRS) also ends the command. */
    private ShellService.Reply signal(WsmanHeader h, Pool pool, WsmanBody.Signal body) {
        if (!pool.psrp.hasPipeline(body.commandId())) {
            return service.fault(h, WsmanFault.unknownCommand());
        }
        String code = body.code() == null ? "" : body.code().trim().toLowerCase(Locale.ROOT);
        if (code.endsWith("/signal/terminate")) {
            pool.psrp.stop(body.commandId());
            pool.psrp.remove(body.commandId());
        } else if (code.endsWith("/signal/ctrl_c") || code.endsWith("/signal/crtl_c")) {
            pool.psrp.stop(body.commandId());
        } else {
            return service.fault(h, WsmanFault.of(FaultKind.INVALID_PARAMETER));
        }
        return ShellService.ok(envelopes.signalResponse(h.messageId()));
    }

    /** Forgets pools idle for longer than the idle timeout, as Windows does ([MS-WSMV] 2.2.4.37 IdleTimeOut). */
    void expireIdle(long now) {
        long idle = options.idleTimeout().toNanos();
        for (Iterator<Pool> it = pools.values().iterator(); it.hasNext(); ) {
            if (now - it.next().lastUsedNanos > idle) {
                it.remove();
            }
        }
    }

    private ShellService.Reply invalid(WsmanHeader h, String message) {
        return service.fault(h, new WsmanFault(FaultKind.INVALID_PARAMETER, message));
    }

    private static UUID guid(String s) {
        try {
            return s == null ? null : UUID.fromString(s.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static byte[] base64(String text) {
        try {
            return Base64.getMimeDecoder().decode(text.trim());
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
