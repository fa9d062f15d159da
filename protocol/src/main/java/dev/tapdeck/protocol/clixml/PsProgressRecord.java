package dev.tapdeck.protocol.clixml;

/**
 * The compact {@code <PR>} progress record that PowerShell writes in CLIXML output streams
 * ({@code #< CLIXML} on stderr): children AV, AI, CO (or Nil), PI, PC, T, SR, SD. Inside PSRP messages
 * progress records are complex objects instead ([MS-PSRP] 2.2.5.1.25).
 */
public record PsProgressRecord(String activity, int activityId, String currentOperation, int parentActivityId,
                               int percentComplete, String recordType, int secondsRemaining, String statusDescription)
        implements PsValue {
}
