package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValues;

/**
 * ERROR_RECORD ([MS-PSRP] 2.2.2.20), and the ErrorRecord inside PIPELINE_STATE and RUNSPACEPOOL_STATE
 * ({@code ExceptionAsErrorRecord}); the data type is [MS-PSRP] 2.2.3.15.
 *
 * @param message               what PowerShell would show: {@code ErrorDetails_Message}, else the record's
 *                              ToString, else the exception's {@code Message}, else {@code ErrorCategory_Message}
 * @param exceptionType         the most specific type name of {@code Exception}, or null
 * @param fullyQualifiedErrorId {@code FullyQualifiedErrorId}
 * @param category              {@code ErrorCategory_Category} (2.2.3.9), or null
 * @param categoryName          its name from the 2.2.3.9 table, or null for a value the table lacks
 * @param categoryMessage       {@code ErrorCategory_Message}, e.g. "ObjectNotFound: (FileSystem:String) [Get-Item], …"
 */
public record ErrorRecord(String message, String exceptionType, String fullyQualifiedErrorId, Integer category,
                          String categoryName, String categoryMessage) implements PsrpView {

    /** [MS-PSRP] 2.2.3.9, values 0 to 22, then 25. */
    private static final String[] CATEGORIES = {"NotSpecified", "OpenError", "CloseError", "DeviceError", "DeadlockDetected",
        "InvalidArgument", "InvalidData", "InvalidOperation", "InvalidResult", "InvalidType", "MetadataError", "NotImplemented",
        "NotInstalled", "ObjectNotFound", "OperationStopped", "OperationTimeout", "SyntaxError", "ParserError", "PermissionDenied",
        "ResourceBusy", "ResourceExists", "ResourceUnavailable", "ReadError"};
    private static final int SECURITY_ERROR = 25;

    static ErrorRecord from(PsObject o) {
        PsObject exception = PsValues.object(o.property("Exception"));
        String message = firstNonEmpty(PsValues.string(o.property("ErrorDetails_Message")), o.toStringValue(),
                PsValues.string(PsValues.property(exception, "Message")), PsValues.string(o.property("ErrorCategory_Message")));
        Integer category = PsValues.integer(o.property("ErrorCategory_Category"));
        return new ErrorRecord(message, exception == null ? null : exception.typeName(),
                PsValues.string(o.property("FullyQualifiedErrorId")), category, categoryName(category),
                PsValues.string(o.property("ErrorCategory_Message")));
    }

    /** The ErrorRecord a state message carries, or null when the property is absent or Nil. */
    static ErrorRecord optional(PsValue v) {
        PsObject o = PsValues.object(v);
        return o == null ? null : from(o);
    }

    /** The [MS-PSRP] 2.2.3.9 name of an ErrorCategory value, or null for a value the table lacks. */
    public static String categoryName(Integer category) {
        if (category == null) {
            return null;
        }
        if (category >= 0 && category < CATEGORIES.length) {
            return CATEGORIES[category];
        }
        return category == SECURITY_ERROR ? "SecurityError" : null;
    }

    private static String firstNonEmpty(String... candidates) {
        for (String c : candidates) {
            if (c != null && !c.isEmpty()) {
                return c;
            }
        }
        return null;
    }
}
