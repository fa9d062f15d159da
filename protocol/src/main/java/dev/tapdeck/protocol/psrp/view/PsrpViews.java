package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.ClixmlDecoded;
import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult.NotViewed;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult.ViewRejected;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult.Viewed;
import dev.tapdeck.protocol.wsman.DecodeProblem;

/**
 * Reads the Data of the PSRP messages an audit needs into {@link PsrpView}s. Never throws.
 */
public final class PsrpViews {
    /** Default bound of a PIPELINE_INPUT summary. */
    public static final int DEFAULT_INPUT_CHARS = 1024;

    private final ClixmlReader reader;
    private final int inputChars;

    public PsrpViews(ClixmlReader reader, int inputChars) {
        this.reader = reader;
        this.inputChars = inputChars;
    }

    public PsrpViews() {
        this(new ClixmlReader(), DEFAULT_INPUT_CHARS);
    }

    /** Whether {@link #view} has a view for this MessageType. */
    public static boolean hasView(PsrpMessageType type) {
        if (type == null) {
            return false;
        }
        switch (type) {
            case SESSION_CAPABILITY:
            case INIT_RUNSPACEPOOL:
            case CREATE_PIPELINE:
            case GET_COMMAND_METADATA:
            case PIPELINE_STATE:
            case RUNSPACEPOOL_STATE:
            case ERROR_RECORD:
            case PIPELINE_INPUT:
                return true;
            default:
                return false;
        }
    }

    public PsrpViewResult view(PsrpMessage message) {
        PsrpMessageType type = message.type();
        if (!hasView(type)) {
            return new NotViewed(message.typeName());
        }
        ClixmlDecoded decoded = reader.read(message.data());
        if (decoded instanceof ClixmlDecoded.ClixmlRejected r) {
            return new ViewRejected(type.name(), r.problem());
        }
        PsValue root = ((ClixmlDecoded.ClixmlParsed) decoded).value();
        if (type == PsrpMessageType.PIPELINE_INPUT) {
            return root == null ? rejected(type, "no value") : new Viewed(PipelineInput.from(root, inputChars));
        }
        if (!(root instanceof PsObject o)) {
            return rejected(type, "Data is not a complex object");
        }
        return new Viewed(objectView(type, o));
    }

    private static PsrpView objectView(PsrpMessageType type, PsObject o) {
        switch (type) {
            case SESSION_CAPABILITY:
                return SessionCapability.from(o);
            case INIT_RUNSPACEPOOL:
                return InitRunspacePool.from(o);
            case CREATE_PIPELINE:
                return CreatePipeline.from(o);
            case GET_COMMAND_METADATA:
                return GetCommandMetadata.from(o);
            case PIPELINE_STATE:
                return PipelineState.from(o);
            case RUNSPACEPOOL_STATE:
                return RunspacePoolState.from(o);
            default:
                return ErrorRecord.from(o);
        }
    }

    private static ViewRejected rejected(PsrpMessageType type, String detail) {
        return new ViewRejected(type.name(), new DecodeProblem(DecodeProblem.Kind.INVALID_VALUE, type.name() + ": " + detail));
    }
}
