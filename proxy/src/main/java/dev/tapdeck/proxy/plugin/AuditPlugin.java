package dev.tapdeck.proxy.plugin;

import dev.tapdeck.recorder.TapEvent;

/**
 * Sees each audit record (a command ended, or was refused or cut short). Called on the proxy's event loop,
 * like an {@link dev.tapdeck.recorder.EventSink}: it must not block; queue slow work (bounded).
 */
public interface AuditPlugin extends TapdeckPlugin {
    void onAudit(TapEvent.CommandAudited audit);
}
