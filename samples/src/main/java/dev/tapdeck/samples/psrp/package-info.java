/**
 * A fake PSRP endpoint and a PSRP client, both on the protocol module's encoder (CLIXML writer, message
 * builders, fragmenter) and decoder.
 *
 * <ul>
 *   <li>{@link dev.tapdeck.samples.psrp.PsrpRunspacePool}: the server side of one RunspacePool without WS-Man;
 *       the embedded {@link dev.tapdeck.samples.winrm.WinrmServer} maps PowerShell resource URIs onto it. It
 *       runs the built-in commands of {@code PowerShellBuiltins}: {@code Write-Output}, {@code $input} (the
 *       input echo), {@code Write-Error}, {@code throw}, and PowerShell's "not recognized" failure for the rest.</li>
 *   <li>{@link dev.tapdeck.samples.psrp.PsrpClient}: opens a RunspacePool, runs pipelines with or without
 *       input, reads output, errors and the final state ({@link dev.tapdeck.samples.psrp.PipelineResult}), closes.</li>
 * </ul>
 */
package dev.tapdeck.samples.psrp;
