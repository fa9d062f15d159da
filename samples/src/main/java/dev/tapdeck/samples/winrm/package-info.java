/**
 * An embedded WinRM cmd-shell server: a fake Windows host for {@code tapdeck demo} and for end-to-end tests
 * with real clients (pywinrm 0.3.0, winrm4j 0.12.3, winrmcp). Start it with
 * {@link dev.tapdeck.samples.winrm.WinrmServer}.
 *
 * <h2>What it emulates</h2>
 * <ul>
 *   <li>HTTP: {@code POST /wsman} only, {@code Content-Type: application/soap+xml;charset=UTF-8}, optional Basic
 *       authentication (401 with {@code WWW-Authenticate: Basic realm="WSMAN"}); every fault with HTTP 500.</li>
 *   <li>WS-Man on the resource {@code …/windows/shell/cmd}: Create, Command, Send, Receive (long poll up to the
 *       OperationTimeout, then {@code w:TimedOut} 2150858793), Signal (terminate, ctrl_c, ctrl_break), Delete;
 *       replies shaped like Windows' (prefixes, uppercase GUIDs, {@code a:RelatesTo}, empty End streams).</li>
 *   <li>Faults: {@code w:InvalidSelectors} for unknown ShellId/CommandId, {@code a:ActionNotSupported},
 *       {@code a:InvalidMessageInformationHeader} (bad OperationTimeout), {@code a:DestinationUnreachable} (other
 *       resource URIs), {@code w:SchemaValidationError}, {@code w:EncodingLimit},
 *       {@code w:QuotaLimit} (30 shells by default), {@code w:InvalidParameter}.</li>
 *   <li>PowerShell resource URIs ({@code http://schemas.microsoft.com/powershell/…}): a fake PSRP endpoint, see
 *       {@link dev.tapdeck.samples.psrp}.</li>
 * </ul>
 *
 * <h2>The built-in command set (nothing ever runs on the host)</h2>
 * <ul>
 *   <li>{@code echo TEXT}, {@code exit [/b] N}, {@code hostname}, {@code stderr TEXT} (to stderr, exit 1),
 *       {@code cat}/{@code type}/{@code more} (stdin echoed until End, or a file of the store),
 *       {@code cmd /c LINE}; anything else gives cmd's "is not recognized" error with exit code 1.</li>
 *   <li>{@code %VAR%} expansion of a fixed fake environment (USERNAME, USERPROFILE, TEMP, COMPUTERNAME…) and one
 *       {@code >} or {@code >>} redirection into the in-memory {@link dev.tapdeck.samples.winrm.FileStore}.
 *       Pipes, {@code &}, {@code &&}, {@code ||}, {@code <} and {@code 2>} are refused with a message.</li>
 *   <li>{@code powershell} with {@code -EncodedCommand} or a plain command: {@code exit N}, {@code Write-Host},
 *       {@code Write-Output} and {@code echo} of one quoted string, {@code Remove-Item PATH}, and the restore and
 *       cleanup scripts winrmcp sends to finish a file copy. Any other script fails with a message.</li>
 * </ul>
 */
package dev.tapdeck.samples.winrm;
