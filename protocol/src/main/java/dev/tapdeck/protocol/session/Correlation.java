package dev.tapdeck.protocol.session;

/**
 * What a response needs from its request inside the tap (the PSRP decoding waiting for the policy, the
 * command a text shell is starting). Opaque: callers only hand the request's {@link TapResult} back to
 * {@link WsmanTap#forwarded} and {@link WsmanTap#inspectResponse}.
 */
public final class Correlation {
    static final Correlation NONE = new Correlation(null, null);

    final PsrpRequest psrp;
    final TextShellAudits.TextRequest text;

    Correlation(PsrpRequest psrp, TextShellAudits.TextRequest text) {
        this.psrp = psrp;
        this.text = text;
    }

    @Override
    public String toString() {
        return "Correlation[" + (psrp != null ? "PSRP" : text != null ? "text shell" : "none") + "]";
    }
}
