package dev.tapdeck.protocol.psrp.build;

import static dev.tapdeck.protocol.clixml.PsObjects.bool;
import static dev.tapdeck.protocol.clixml.PsObjects.entry;
import static dev.tapdeck.protocol.clixml.PsObjects.i32;
import static dev.tapdeck.protocol.clixml.PsObjects.nil;
import static dev.tapdeck.protocol.clixml.PsObjects.property;
import static dev.tapdeck.protocol.clixml.PsObjects.string;
import static dev.tapdeck.protocol.clixml.PsObjects.version;

import dev.tapdeck.protocol.clixml.ClixmlWriter;
import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsObjects;
import dev.tapdeck.protocol.clixml.PsProperty;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.psrp.Destination;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.view.ErrorRecord;

import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * The messages a PSRP server sends, shaped like those of Windows PowerShell 5.1 in the corpus
 * (test_psrp_with_input.yml, test_psrp_merge_commands.yml): Destination 1, Data with the UTF-8 BOM Windows
 * always writes (protocol-notes B.2), PID zero on RunspacePool messages. Unlike Windows, SESSION_CAPABILITY
 * carries the pool's RPID, as [MS-PSRP] 2.2.1 asks, so a checking tap has nothing to note.
 */
public final class ServerMessages {
    /** [MS-PSRP] 2.2.3.4 RunspacePoolState Opened. */
    public static final int RUNSPACEPOOL_OPENED = 2;
    /** [MS-PSRP] 2.2.3.4 RunspacePoolState Closed. */
    public static final int RUNSPACEPOOL_CLOSED = 3;
    /** [MS-PSRP] 2.2.3.5 PSInvocationState Stopped. */
    public static final int PIPELINE_STOPPED = 3;
    /** [MS-PSRP] 2.2.3.5 PSInvocationState Completed. */
    public static final int PIPELINE_COMPLETED = 4;
    /** [MS-PSRP] 2.2.3.5 PSInvocationState Failed. */
    public static final int PIPELINE_FAILED = 5;

    private static final UUID NONE = new UUID(0, 0);
    private static final List<String> ERROR_RECORD_TYPES = List.of("System.Management.Automation.ErrorRecord", "System.Object");
    private static final List<String> PRIMITIVE_DICTIONARY = List.of("System.Management.Automation.PSPrimitiveDictionary",
            "System.Collections.Hashtable", "System.Object");
    private static final List<String> VERSION_ARRAY = List.of("System.Version[]", "System.Array", "System.Object");
    /** HResult of System.SystemException (COR_E_SYSTEM), what WriteErrorException and friends carry. */
    private static final int COR_E_SYSTEM = -2146233087;

    private ServerMessages() {
    }

    /** [MS-PSRP] 2.2.2.1. */
    public static PsrpMessage sessionCapability(UUID rpid) {
        return message(PsrpMessageType.SESSION_CAPABILITY, rpid, NONE, PsrpData.sessionCapability());
    }

    /**
     * [MS-PSRP] 2.2.2.13: the {@code PSVersionTable} a client reads, as a PSPrimitiveDictionary.
     *
     * @param psVersion the PowerShell version to announce, e.g. {@code 5.1.14393.2248}
     */
    public static PsrpMessage applicationPrivateData(UUID rpid, String psVersion) {
        List<PsValue> compatible = new ArrayList<>();
        for (String v : List.of("1.0", "2.0", "3.0", "4.0", "5.0", psVersion)) {
            compatible.add(version(v));
        }
        PsObject table = PsObjects.dictionary(PRIMITIVE_DICTIONARY, List.of(
                entry("PSVersion", version(psVersion)),
                entry("PSEdition", string("Desktop")),
                entry("PSCompatibleVersions", PsObjects.list(VERSION_ARRAY, compatible)),
                entry("CLRVersion", version("4.0.30319.42000")),
                entry("BuildVersion", version("10.0.14393.2248")),
                entry("WSManStackVersion", version("3.0")),
                entry("PSRemotingProtocolVersion", version(PsrpData.PROTOCOL_VERSION)),
                entry("SerializationVersion", version("1.1.0.1"))));
        PsObject data = PsObjects.dictionary(PRIMITIVE_DICTIONARY, List.of(entry("PSVersionTable", table)));
        return message(PsrpMessageType.APPLICATION_PRIVATE_DATA, rpid, NONE,
                PsObjects.properties(property("ApplicationPrivateData", data)));
    }

    /** [MS-PSRP] 2.2.2.9, e.g. {@link #RUNSPACEPOOL_OPENED}. */
    public static PsrpMessage runspacePoolState(UUID rpid, int state) {
        return message(PsrpMessageType.RUNSPACEPOOL_STATE, rpid, NONE, PsObjects.properties(property("RunspaceState", i32(state))));
    }

    /** [MS-PSRP] 2.2.2.19: one output object. */
    public static PsrpMessage pipelineOutput(UUID rpid, UUID pid, PsValue value) {
        return message(PsrpMessageType.PIPELINE_OUTPUT, rpid, pid, value);
    }

    /** [MS-PSRP] 2.2.2.20: a non-terminating error, as Write-Error writes it. */
    public static PsrpMessage errorRecord(UUID rpid, UUID pid, ErrorRecordData error) {
        return message(PsrpMessageType.ERROR_RECORD, rpid, pid, errorRecordObject(error, true));
    }

    /**
     * [MS-PSRP] 2.2.2.21.
     *
     * @param exception the reason of a Failed pipeline ({@code ExceptionAsErrorRecord}), else null
     */
    public static PsrpMessage pipelineState(UUID rpid, UUID pid, int state, ErrorRecordData exception) {
        List<PsProperty> props = new ArrayList<>();
        props.add(property("PipelineState", i32(state)));
        if (exception != null) {
            props.add(property("ExceptionAsErrorRecord", errorRecordObject(exception, false)));
        }
        return message(PsrpMessageType.PIPELINE_STATE, rpid, pid, PsObjects.typed(List.of(), null, props));
    }

    /** [MS-PSRP] 2.2.3.15, with the properties PowerShell 5.1 serializes (test_psrp_error_failed.yml). */
    static PsObject errorRecordObject(ErrorRecordData e, boolean writeErrorStream) {
        List<PsProperty> props = new ArrayList<>();
        if (writeErrorStream) {
            props.add(property("writeErrorStream", bool(true)));
        }
        List<String> exceptionTypes = e.exceptionType().equals("System.Exception") ? List.of("System.Exception", "System.Object")
                : List.of(e.exceptionType(), "System.Exception", "System.Object");
        PsObject exception = new PsObject(null, exceptionTypes, e.exceptionType() + ": " + e.message(), null,
                List.of(property("Message", string(e.message())), property("HResult", i32(COR_E_SYSTEM))), List.of());
        String categoryName = ErrorRecord.categoryName(e.category());
        props.add(property("Exception", exception));
        props.add(property("TargetObject", e.targetName().isEmpty() ? nil() : string(e.targetName())));
        props.add(property("FullyQualifiedErrorId", string(e.fullyQualifiedErrorId())));
        props.add(property("InvocationInfo", nil()));
        props.add(property("ErrorCategory_Category", i32(e.category())));
        props.add(property("ErrorCategory_Activity", string(e.activity())));
        props.add(property("ErrorCategory_Reason", string(e.reason())));
        props.add(property("ErrorCategory_TargetName", string(e.targetName())));
        props.add(property("ErrorCategory_TargetType", string(e.targetName().isEmpty() ? "" : "String")));
        props.add(property("ErrorCategory_Message", string((categoryName == null ? "NotSpecified" : categoryName) + ": ("
                + e.targetName() + ":" + (e.targetName().isEmpty() ? "" : "String") + ") [" + e.activity() + "], " + e.reason())));
        props.add(property("SerializeExtendedInfo", bool(false)));
        return PsObjects.typed(ERROR_RECORD_TYPES, e.message(), props);
    }

    private static PsrpMessage message(PsrpMessageType type, UUID rpid, UUID pid, PsValue data) {
        return PsrpMessage.of(Destination.CLIENT, type, rpid, pid, ClixmlWriter.write(data), true);
    }
}
