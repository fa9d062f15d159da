package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.clixml.ClixmlDecoded;
import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValueRenderer;
import dev.tapdeck.protocol.clixml.PsValues;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.view.CreatePipeline;
import dev.tapdeck.protocol.psrp.view.ErrorRecord;
import dev.tapdeck.protocol.psrp.view.GetCommandMetadata;
import dev.tapdeck.protocol.psrp.view.InitRunspacePool;
import dev.tapdeck.protocol.psrp.view.PipelineInput;
import dev.tapdeck.protocol.psrp.view.PipelineState;
import dev.tapdeck.protocol.psrp.view.PsrpView;
import dev.tapdeck.protocol.psrp.view.RunspacePoolState;
import dev.tapdeck.protocol.psrp.view.SessionCapability;

/**
 * A bounded summary of a PSRP message's Data for the console and the recording, and the reading of host
 * responses ([MS-PSRP] 2.2.2.16, 2.2.2.28), which have no typed view: {@code mi} names the host method,
 * {@code mr} is the result. Host responses are shown only when redaction is off.
 */
final class PsrpSummaries {
    /** Longest summary line. */
    static final int MAX_SUMMARY = 240;
    private static final int MAX_VALUE = 80;

    /** A host response: the method it answers and its result rendered, either may be null. */
    record HostResponse(String method, String value) {
    }

    private PsrpSummaries() {
    }

    static boolean isHostResponse(PsrpMessageType type) {
        return type == PsrpMessageType.PIPELINE_HOST_RESPONSE || type == PsrpMessageType.RUNSPACEPOOL_HOST_RESPONSE;
    }

    /** Reads {@code mi} and {@code mr}; never throws (unreadable Data gives nulls). */
    static HostResponse hostResponse(ClixmlReader reader, PsrpMessage m, int maxChars) {
        if (!(reader.read(m.data()) instanceof ClixmlDecoded.ClixmlParsed parsed) || !(parsed.value() instanceof PsObject o)) {
            return new HostResponse(null, null);
        }
        PsObject method = PsValues.object(o.property("mi"));
        PsValue result = o.property("mr");
        PsValue error = o.property("me");
        String value = result != null ? PsValueRenderer.render(result, maxChars)
                : error != null ? "exception: " + PsValueRenderer.render(error, maxChars) : null;
        return new HostResponse(method == null ? null : method.toStringValue(), value);
    }

    static String summary(PsrpMessage m, PsrpView view, HostResponse host, boolean redactHostResponses) {
        if (host != null) {
            String method = host.method() == null ? "host response" : host.method();
            return cut(redactHostResponses || host.value() == null ? method + " <redacted " + m.data().length + " bytes>"
                    : method + " -> " + host.value());
        }
        if (view instanceof SessionCapability s) {
            return "protocolversion " + s.protocolVersion() + ", PSVersion " + s.psVersion() + ", SerializationVersion "
                    + s.serializationVersion();
        }
        if (view instanceof InitRunspacePool i) {
            return "MinRunspaces " + i.minRunspaces() + ", MaxRunspaces " + i.maxRunspaces();
        }
        if (view instanceof CreatePipeline p) {
            return cut(p.render(MAX_VALUE));
        }
        if (view instanceof GetCommandMetadata g) {
            return cut("Name " + g.names() + (g.commandType() == null ? "" : ", CommandType " + g.commandType()));
        }
        if (view instanceof PipelineState s) {
            return cut(s.stateName() + (s.exception() == null ? "" : ": " + s.exception().message()));
        }
        if (view instanceof RunspacePoolState s) {
            return cut(s.stateName() + (s.exception() == null ? "" : ": " + s.exception().message()));
        }
        if (view instanceof ErrorRecord e) {
            return cut(e.message());
        }
        if (view instanceof PipelineInput i) {
            return cut(i.text());
        }
        return null;
    }

    /** Bounded; line breaks are kept (the console escapes them, JSON keeps them). */
    static String cut(String s) {
        if (s == null) {
            return null;
        }
        return s.length() <= MAX_SUMMARY ? s : s.substring(0, MAX_SUMMARY - 1) + "…";
    }
}
