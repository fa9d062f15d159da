package dev.tapdeck.protocol.psrp.build;

import java.util.Objects;

/**
 * What a server says about one error, enough to write the ErrorRecord of [MS-PSRP] 2.2.3.15 (in ERROR_RECORD,
 * 2.2.2.20, and as {@code ExceptionAsErrorRecord} of PIPELINE_STATE, 2.2.2.21) the way PowerShell does.
 *
 * @param message               the exception message, also the record's ToString
 * @param exceptionType         the .NET exception type, e.g. {@code Microsoft.PowerShell.Commands.WriteErrorException}
 * @param fullyQualifiedErrorId {@code FullyQualifiedErrorId}, e.g. {@code CommandNotFoundException}
 * @param category              {@code ErrorCategory_Category}, a value of [MS-PSRP] 2.2.3.9 (0 NotSpecified, 13 ObjectNotFound…)
 * @param activity              {@code ErrorCategory_Activity}: the command that failed, e.g. {@code Write-Error}
 * @param targetName            {@code ErrorCategory_TargetName}, e.g. the unknown command's name; empty when none
 */
public record ErrorRecordData(String message, String exceptionType, String fullyQualifiedErrorId, int category,
                              String activity, String targetName) {
    /** [MS-PSRP] 2.2.3.9 NotSpecified. */
    public static final int NOT_SPECIFIED = 0;
    /** [MS-PSRP] 2.2.3.9 ObjectNotFound. */
    public static final int OBJECT_NOT_FOUND = 13;
    /** [MS-PSRP] 2.2.3.9 OperationStopped: what a script's {@code throw} reports. */
    public static final int OPERATION_STOPPED = 14;

    public ErrorRecordData {
        Objects.requireNonNull(message, "message");
        Objects.requireNonNull(exceptionType, "exceptionType");
        Objects.requireNonNull(fullyQualifiedErrorId, "fullyQualifiedErrorId");
        activity = activity == null ? "" : activity;
        targetName = targetName == null ? "" : targetName;
    }

    /** The exception type without its namespace, PowerShell's {@code ErrorCategory_Reason}. */
    public String reason() {
        return exceptionType.substring(exceptionType.lastIndexOf('.') + 1);
    }
}
