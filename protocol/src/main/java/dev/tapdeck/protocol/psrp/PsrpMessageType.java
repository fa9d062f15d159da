package dev.tapdeck.protocol.psrp;

import static dev.tapdeck.protocol.psrp.PsrpDirection.BIDIRECTIONAL;
import static dev.tapdeck.protocol.psrp.PsrpDirection.CLIENT_TO_SERVER;
import static dev.tapdeck.protocol.psrp.PsrpDirection.SERVER_TO_CLIENT;
import static dev.tapdeck.protocol.psrp.PsrpTarget.PIPELINE;
import static dev.tapdeck.protocol.psrp.PsrpTarget.PIPELINE_OR_RUNSPACEPOOL;
import static dev.tapdeck.protocol.psrp.PsrpTarget.RUNSPACEPOOL;

import java.util.HashMap;
import java.util.Map;

/**
 * Every MessageType of [MS-PSRP] 2.2.1, by its spec name, with the value, direction and target the spec
 * table gives it. Values not listed here are kept raw by {@link PsrpMessage#messageType()}.
 */
public enum PsrpMessageType {
    SESSION_CAPABILITY(0x00010002, BIDIRECTIONAL, RUNSPACEPOOL),
    INIT_RUNSPACEPOOL(0x00010004, CLIENT_TO_SERVER, RUNSPACEPOOL),
    PUBLIC_KEY(0x00010005, CLIENT_TO_SERVER, RUNSPACEPOOL),
    ENCRYPTED_SESSION_KEY(0x00010006, SERVER_TO_CLIENT, RUNSPACEPOOL),
    PUBLIC_KEY_REQUEST(0x00010007, SERVER_TO_CLIENT, RUNSPACEPOOL),
    CONNECT_RUNSPACEPOOL(0x00010008, CLIENT_TO_SERVER, RUNSPACEPOOL),
    RUNSPACEPOOL_INIT_DATA(0x0002100B, SERVER_TO_CLIENT, RUNSPACEPOOL),
    RESET_RUNSPACE_STATE(0x0002100C, CLIENT_TO_SERVER, RUNSPACEPOOL),
    SET_MAX_RUNSPACES(0x00021002, CLIENT_TO_SERVER, RUNSPACEPOOL),
    SET_MIN_RUNSPACES(0x00021003, CLIENT_TO_SERVER, RUNSPACEPOOL),
    RUNSPACE_AVAILABILITY(0x00021004, SERVER_TO_CLIENT, RUNSPACEPOOL),
    RUNSPACEPOOL_STATE(0x00021005, SERVER_TO_CLIENT, RUNSPACEPOOL),
    CREATE_PIPELINE(0x00021006, CLIENT_TO_SERVER, RUNSPACEPOOL),
    GET_AVAILABLE_RUNSPACES(0x00021007, CLIENT_TO_SERVER, RUNSPACEPOOL),
    USER_EVENT(0x00021008, SERVER_TO_CLIENT, RUNSPACEPOOL),
    APPLICATION_PRIVATE_DATA(0x00021009, SERVER_TO_CLIENT, RUNSPACEPOOL),
    GET_COMMAND_METADATA(0x0002100A, CLIENT_TO_SERVER, RUNSPACEPOOL),
    RUNSPACEPOOL_HOST_CALL(0x00021100, SERVER_TO_CLIENT, RUNSPACEPOOL),
    RUNSPACEPOOL_HOST_RESPONSE(0x00021101, CLIENT_TO_SERVER, RUNSPACEPOOL),
    PIPELINE_INPUT(0x00041002, CLIENT_TO_SERVER, PIPELINE),
    END_OF_PIPELINE_INPUT(0x00041003, CLIENT_TO_SERVER, PIPELINE),
    PIPELINE_OUTPUT(0x00041004, SERVER_TO_CLIENT, PIPELINE),
    ERROR_RECORD(0x00041005, SERVER_TO_CLIENT, PIPELINE),
    PIPELINE_STATE(0x00041006, SERVER_TO_CLIENT, PIPELINE_OR_RUNSPACEPOOL),
    DEBUG_RECORD(0x00041007, SERVER_TO_CLIENT, PIPELINE),
    VERBOSE_RECORD(0x00041008, SERVER_TO_CLIENT, PIPELINE),
    WARNING_RECORD(0x00041009, SERVER_TO_CLIENT, PIPELINE),
    PROGRESS_RECORD(0x00041010, SERVER_TO_CLIENT, PIPELINE),
    INFORMATION_RECORD(0x00041011, SERVER_TO_CLIENT, PIPELINE),
    PIPELINE_HOST_CALL(0x00041100, SERVER_TO_CLIENT, PIPELINE),
    PIPELINE_HOST_RESPONSE(0x00041101, CLIENT_TO_SERVER, PIPELINE);

    private static final Map<Integer, PsrpMessageType> BY_VALUE = new HashMap<>();

    static {
        for (PsrpMessageType t : values()) {
            BY_VALUE.put(t.value, t);
        }
    }

    private final int value;
    private final PsrpDirection direction;
    private final PsrpTarget target;

    PsrpMessageType(int value, PsrpDirection direction, PsrpTarget target) {
        this.value = value;
        this.direction = direction;
        this.target = target;
    }

    /** The MessageType field value. */
    public int value() {
        return value;
    }

    public PsrpDirection direction() {
        return direction;
    }

    public PsrpTarget target() {
        return target;
    }

    /** The constant for a wire value, or null when [MS-PSRP] 2.2.1 does not list it. */
    public static PsrpMessageType fromValue(int value) {
        return BY_VALUE.get(value);
    }

    /** The spec name for a wire value, or {@code UNKNOWN(0x…)}. */
    public static String nameOf(int value) {
        PsrpMessageType t = fromValue(value);
        return t != null ? t.name() : String.format("UNKNOWN(0x%08X)", value);
    }
}
