package dev.tapdeck.proxy.plugin;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Sees each Send object before it goes upstream, with the contract of WinRM's WSMAN_PLUGIN_SEND: called
 * once per object, {@link SendFlag#NO_MORE_DATA} on the last object of a stream, and the next object of the
 * same shell or command only once the returned stage completed (WSManPluginOperationComplete). Until then
 * the proxy holds later Sends to that shell or command in order; the client simply waits for its SendResponse.
 * <p>
 * Complete normally to forward; complete with a {@link PluginVeto} to answer the client with a WS-Man fault
 * carrying its code and message (the Send is not forwarded). Calls run on a worker thread, so a plug-in may
 * block, but a stage still pending after the configured time limit, or a thrown exception, fails the Send
 * with a fault and a recorded failure.
 */
public interface SendPlugin extends TapdeckPlugin {
    CompletionStage<Void> onSend(SendObject object);

    /** Sees a Command before it goes upstream (WSMAN_PLUGIN_COMMAND); same completion rules. Default: pass. */
    default CompletionStage<Void> onCommand(CommandRequest command) {
        return CompletableFuture.completedFuture(null);
    }
}
