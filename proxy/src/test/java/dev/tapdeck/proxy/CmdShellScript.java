package dev.tapdeck.proxy;

import io.vertx.core.Future;
import io.vertx.core.Promise;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

/**
 * A minimal cmd-shell upstream script for {@link ScriptedUpstream}: answers Create, Command and Send, and
 * holds the next Send's answer when asked to, until the test completes the promise in {@link #held}.
 */
final class CmdShellScript {
    final List<Promise<ScriptedUpstream.Reply>> held = new CopyOnWriteArrayList<>();
    volatile boolean holdNextSend;
    private final String shellId;
    private final Function<String, String> commandIdOf;

    /** @param commandIdOf the CommandId the upstream returns for a Command request's text */
    CmdShellScript(String shellId, Function<String, String> commandIdOf) {
        this.shellId = shellId;
        this.commandIdOf = commandIdOf;
    }

    Future<ScriptedUpstream.Reply> answer(ScriptedUpstream.Received r) {
        String text = r.text();
        String id = ScriptedUpstream.messageId(text);
        if (text.contains("transfer/Create<")) {
            return ScriptedUpstream.now(ScriptedUpstream.Reply.soap(Envelopes.createResponse(id, shellId)));
        }
        if (text.contains("shell/Command<")) {
            return ScriptedUpstream.now(ScriptedUpstream.Reply.soap(Envelopes.commandResponse(id, commandIdOf.apply(text))));
        }
        if (text.contains("shell/Send<")) {
            String reply = Envelopes.sendResponse(id);
            if (holdNextSend) {
                holdNextSend = false;
                Promise<ScriptedUpstream.Reply> p = Promise.promise();
                held.add(p);
                return p.future().map(x -> ScriptedUpstream.Reply.soap(reply));
            }
            return ScriptedUpstream.now(ScriptedUpstream.Reply.soap(reply));
        }
        return ScriptedUpstream.now(new ScriptedUpstream.Reply(400, "text/plain", Envelopes.bytes("unexpected")));
    }
}
