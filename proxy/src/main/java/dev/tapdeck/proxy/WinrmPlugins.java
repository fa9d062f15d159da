package dev.tapdeck.proxy;

import dev.tapdeck.protocol.session.PsrpMessageDecoded;
import dev.tapdeck.protocol.session.TapResult;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import dev.tapdeck.protocol.wsman.WsmanOption;
import dev.tapdeck.proxy.plugin.CommandRequest;
import dev.tapdeck.proxy.plugin.SendFlag;
import dev.tapdeck.proxy.plugin.SendObject;
import dev.tapdeck.proxy.plugin.SendPlugin;
import dev.tapdeck.proxy.plugin.SendRequest;
import dev.tapdeck.recorder.TapEvent;
import io.vertx.core.Future;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Asks a route's {@link SendPlugin}s about a WinRM request, after WSMAN_PLUGIN_SEND: each object of a Send
 * ({@code rsp:Stream} element, [MS-WSMV] 2.2.4.40) in wire order, each plug-in in configuration order, the
 * next call only once the previous completed; the first refusal ends it. Every decision is recorded.
 */
final class WinrmPlugins {
    private final List<SendPlugin> plugins;
    private final PluginCalls calls;

    WinrmPlugins(List<SendPlugin> plugins, PluginCalls calls) {
        this.plugins = List.copyOf(plugins);
        this.calls = calls;
    }

    boolean isEmpty() {
        return plugins.isEmpty();
    }

    /** Whether the plug-ins see this request: a Send or a Command that was read. */
    static boolean concerns(TapResult request) {
        return request.parsed().map(e -> e.body() instanceof WsmanBody.Send || e.body() instanceof WsmanBody.CommandLine)
                .orElse(false);
    }

    /** The decision on a request; {@link PluginDecision#NONE} when no plug-in concerns it. */
    Future<PluginDecision> decide(ClientSession session, int exchange, TapResult request) {
        if (plugins.isEmpty() || !concerns(request)) {
            return Future.succeededFuture(PluginDecision.NONE);
        }
        WsmanEnvelope e = request.envelope();
        List<Call> chain = new ArrayList<>();
        if (e.body() instanceof WsmanBody.Send send) {
            List<ShellStream> streams = send.streams();
            for (int i = 0; i < streams.size(); i++) {
                ShellStream s = streams.get(i);
                SendObject object = new SendObject(details(e, s.commandId(), session), s.name(),
                        s.end() ? Set.of(SendFlag.NO_MORE_DATA) : Set.of(), s.isValid() ? s.data() : new byte[0],
                        messagesOf(request, s), i, streams.size());
                String subject = "Send shell=" + e.header().shellId().orElse("?")
                        + (s.commandId() == null ? "" : " command=" + s.commandId()) + " stream=" + s.name()
                        + " object " + (i + 1) + "/" + streams.size() + (s.end() ? " NO_MORE_DATA" : "");
                for (SendPlugin p : plugins) {
                    chain.add(new Call(p.name(), subject, () -> p.onSend(object)));
                }
            }
        } else if (e.body() instanceof WsmanBody.CommandLine c) {
            CommandRequest command = new CommandRequest(details(e, c.commandId(), session), c.command(), c.arguments(),
                    request.psrpMessages());
            String subject = "Command shell=" + e.header().shellId().orElse("?");
            for (SendPlugin p : plugins) {
                chain.add(new Call(p.name(), subject, () -> p.onCommand(command)));
            }
        }
        return run(session, exchange, chain, 0);
    }

    private Future<PluginDecision> run(ClientSession session, int exchange, List<Call> chain, int at) {
        if (at == chain.size()) {
            return Future.succeededFuture(PluginDecision.NONE);
        }
        Call c = chain.get(at);
        return calls.call(c.plugin(), c.call()).compose(d -> {
            Long code = d.passed() ? null : d.code() != null ? d.code() : WinrmRelay.INTERNAL_ERROR;
            session.emit(seq -> new TapEvent.PluginDecided(session.sessionId, seq, session.offset(), exchange,
                    d.plugin(), c.subject(), d.outcome(), code, d.reason(), d.waitedNanos()));
            return d.passed() ? run(session, exchange, chain, at + 1) : Future.succeededFuture(d);
        });
    }

    private record Call(String plugin, String subject, Supplier<CompletionStage<Void>> call) {
    }

    /** The PSRP messages whose last fragment travelled in this stream element. */
    private static List<PsrpMessageDecoded> messagesOf(TapResult request, ShellStream s) {
        return request.psrpMessages().stream()
                .filter(m -> Objects.equals(m.stream(), s.name()) && sameId(m.commandId(), s.commandId())).toList();
    }

    private static boolean sameId(String a, String b) {
        return a == null ? b == null : b != null && a.trim().equalsIgnoreCase(b.trim());
    }

    private static SendRequest details(WsmanEnvelope e, String commandId, ClientSession session) {
        Map<String, String> options = new LinkedHashMap<>();
        for (WsmanOption o : e.header().options()) {
            options.put(o.name(), o.value());
        }
        return new SendRequest(e.header().resourceUri(), options, e.header().locale(), e.header().shellId().orElse(null),
                commandId, e.header().messageId(), session.client, session.user());
    }
}
