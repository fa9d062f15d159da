package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.WsmanNamespaces.SOAP;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.WSMAN;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.WSMAN_FAULT;

import java.util.List;

import dev.tapdeck.protocol.xml.BoundedXmlReader;

/**
 * A SOAP 1.2 {@code s:Fault} with its WS-Man detail ([MS-WSMV] 2.2.4.43; protocol-notes A.7).
 *
 * <p>{@code f:WSManFault} may nest: its {@code f:Message} can hold an {@code f:ProviderFault} holding text
 * or another {@code f:WSManFault}. The message kept is the innermost non-blank text of an
 * {@code f:Message} or {@code f:ProviderFault}; inner elements end first, so it is the first such text
 * seen. Code and Machine come from the outermost WSManFault. Some faults carry a CIM
 * {@code p:MSFT_WmiError} instead (winrb {@code wmi_error_v2.xml}); its {@code error_Code} and
 * {@code Message} fill the same fields.
 */
final class FaultCollector extends BodyCollector {
    private static final String WMI_ERROR = "MSFT_WmiError";

    private final List<DecodeProblem> problems;
    private String code;
    private String subcode;
    private String reason;
    private String faultDetail;
    private Long wsmanFaultCode;
    private boolean wsmanFaultSeen;
    private String machine;
    private String message;

    FaultCollector(List<DecodeProblem> problems) {
        this.problems = problems;
    }

    @Override
    void started(BoundedXmlReader x, int depth) {
        if (x.is(WSMAN_FAULT, "WSManFault") && !wsmanFaultSeen) {
            wsmanFaultSeen = true;
            machine = x.attribute("Machine");
            // [MS-WSMV] 2.2.4.43: Code is an xs:unsignedInt, e.g. 2150858793 for w:TimedOut
            String c = x.attribute("Code");
            wsmanFaultCode = XsdValues.parseLong(c);
            if (c != null && wsmanFaultCode == null) {
                problems.add(XsdValues.invalid("f:WSManFault Code", c, "an unsigned integer"));
            }
        }
    }

    @Override
    void ended(BoundedXmlReader x, int depth) {
        String ns = x.namespace();
        String name = x.localName();
        if (ns.equals(SOAP)) {
            soapElementEnded(x, name);
        } else if (ns.equals(WSMAN_FAULT)) {
            if ((name.equals("Message") || name.equals("ProviderFault")) && message == null) {
                message = nonBlank(x.trimmedText());
            }
        } else if (ns.equals(WSMAN) && name.equals("FaultDetail") && x.ancestorIs(1, SOAP, "Detail")) {
            faultDetail = faultDetail != null ? faultDetail : x.trimmedText();
        } else if (WMI_ERROR.equals(x.ancestorLocalName(1)) && x.ancestorIs(2, SOAP, "Detail")) {
            wmiPropertyEnded(x, name);
        }
    }

    private void soapElementEnded(BoundedXmlReader x, String name) {
        if (name.equals("Value") && x.ancestorIs(1, SOAP, "Code") && code == null) {
            code = x.trimmedText();
        } else if (name.equals("Value") && x.ancestorIs(1, SOAP, "Subcode") && x.ancestorIs(2, SOAP, "Code")
                && subcode == null) {
            subcode = x.trimmedText();
        } else if (name.equals("Text") && x.ancestorIs(1, SOAP, "Reason") && reason == null) {
            reason = x.trimmedText();
        }
    }

    private void wmiPropertyEnded(BoundedXmlReader x, String name) {
        if (name.equals("error_Code") && wsmanFaultCode == null) {
            wsmanFaultCode = XsdValues.parseLong(x.trimmedText());
            if (wsmanFaultCode == null) {
                problems.add(XsdValues.invalid("p:MSFT_WmiError error_Code", x.trimmedText(), "an unsigned integer"));
            }
        } else if (name.equals("Message") && message == null) {
            message = nonBlank(x.trimmedText());
        }
    }

    private static String nonBlank(String s) {
        return s.isEmpty() ? null : s;
    }

    @Override
    WsmanBody body() {
        return new WsmanBody.Fault(code, subcode, reason, faultDetail, wsmanFaultCode, machine, message);
    }
}
