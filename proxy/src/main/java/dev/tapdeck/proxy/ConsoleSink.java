package dev.tapdeck.proxy;

import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import dev.tapdeck.recorder.AuditFormat;
import dev.tapdeck.recorder.Direction;
import dev.tapdeck.recorder.EventSink;
import dev.tapdeck.recorder.TapEvent;

import java.io.PrintStream;
import java.util.Locale;

/**
 * The live console view: one line per WS-Man operation, the Send and SendResponse detail, WebSocket messages
 * (see {@link WsConsoleLines}), and every rule occurrence under the message it was found in. Redaction happened before:
 * the proxy puts a {@link dev.tapdeck.recorder.redact.RedactingSink} in front of every sink, so the console is
 * given redacted heads, bodies, summaries, previews and audit records like the recording.
 */
public final class ConsoleSink implements EventSink {
    private final PrintStream out;

    public ConsoleSink(PrintStream out) {
        this.out = out;
    }

    @Override
    public void accept(TapEvent event) {
        String line = format(event);
        if (line != null) {
            synchronized (out) {
                out.println(line);
            }
        }
    }

    /** The console text of an event, null when the console shows nothing for it. */
    public static String format(TapEvent event) {
        String prefix = String.format(Locale.ROOT, "%9.3f %s ", event.offsetNanos() / 1e9, shortId(event.sessionId()));
        if (event instanceof TapEvent.SessionStarted s) {
            return prefix + "session " + s.protocol() + " " + s.client() + " -> " + s.upstream()
                    + " (listener " + s.listener() + ")";
        }
        if (event instanceof TapEvent.SessionEnded e) {
            return prefix + "session ended after " + e.exchanges() + " exchange(s), " + e.bytesFromClient()
                    + " B from client, " + e.bytesFromServer() + " B from server: " + e.reason();
        }
        if (event instanceof TapEvent.CommandAudited audited) {
            return prefix + AuditFormat.consoleLine(audited);
        }
        if (event instanceof TapEvent.TransportFailed f) {
            return prefix + "#" + f.exchange() + " !! " + f.what() + ": " + f.detail();
        }
        if (event instanceof TapEvent.HttpMessageCaptured m) {
            StringBuilder sb = new StringBuilder(prefix).append('#').append(m.exchange())
                    .append(m.direction() == Direction.CLIENT_TO_SERVER ? " -> " : " <- ");
            if (m.verdict() == TapEvent.Verdict.BLOCKED) {
                sb.append("[BLOCKED] ");
            } else if (m.verdict() == TapEvent.Verdict.SYNTHESIZED) {
                sb.append("[by tapdeck] ");
            }
            if (!m.head().isRequest() && m.head().status() != 200) {
                sb.append("HTTP ").append(m.head().status()).append(' ');
            }
            if (m.annotation() instanceof WinrmAnnotation a) {
                if (a.envelope() != null) {
                    sb.append(EnvelopeSummary.describe(a.envelope(), !a.psrpMessages().isEmpty()));
                } else {
                    sb.append(switch (a.bodyKind()) {
                        case EMPTY -> m.head().isRequest() ? m.head().method() + " " + m.head().uri() + " (empty body)" : "(empty body)";
                        case ENCRYPTED -> "multipart/encrypted, " + m.body().length + " B (sealed; not decoded)";
                        case SOAP -> "undecodable body, " + m.body().length + " B";
                    });
                }
                // PSRP messages under their WS-Man operation
                for (var psrp : a.psrpMessages()) {
                    sb.append("\n").append(" ".repeat(prefix.length())).append("   ").append(EnvelopeSummary.psrp(psrp));
                }
                for (var p : a.problems()) {
                    sb.append("\n").append(" ".repeat(prefix.length())).append("   decode error: ").append(p);
                }
            } else {
                sb.append(m.body().length).append(" B");
            }
            for (Violation v : m.violations()) {
                sb.append("\n").append(" ".repeat(prefix.length())).append("   ").append(marker(v)).append(' ').append(v);
            }
            return sb.toString();
        }
        return WsConsoleLines.format(prefix, event);
    }

    static String marker(Violation v) {
        return switch (v.severity()) {
            case VIOLATION -> "!!";
            case WARNING -> "! ";
            case NOTICE -> "i ";
        };
    }

    private static String shortId(String id) {
        return id.length() <= 8 ? id : id.substring(0, 8);
    }

    /** Only for tests that want the text of one envelope. */
    static String describe(WsmanEnvelope e) {
        return EnvelopeSummary.describe(e);
    }
}
