/**
 * The interception SPI: {@link dev.tapdeck.proxy.plugin.SendPlugin} (modelled on WinRM's WSMAN_PLUGIN_SEND and
 * WSManPluginOperationComplete), {@link dev.tapdeck.proxy.plugin.MessagePlugin} (WebSocket) and
 * {@link dev.tapdeck.proxy.plugin.AuditPlugin}, loaded with {@link java.util.ServiceLoader} by
 * {@link dev.tapdeck.proxy.plugin.TapdeckPlugin#name()}.
 */
package dev.tapdeck.proxy.plugin;
