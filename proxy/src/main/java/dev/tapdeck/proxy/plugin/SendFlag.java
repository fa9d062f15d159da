package dev.tapdeck.proxy.plugin;

/** Flags of one Send object, after WinRM's plug-in API (wsman.h WSMAN_PLUGIN_SEND). */
public enum SendFlag {
    /** The last object of its stream: the {@code rsp:Stream} element said {@code End="true"} ([MS-WSMV] 2.2.4.40). */
    NO_MORE_DATA
}
