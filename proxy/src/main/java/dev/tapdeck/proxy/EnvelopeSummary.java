package dev.tapdeck.proxy;

import dev.tapdeck.protocol.session.PsrpMessageDecoded;
import dev.tapdeck.protocol.wsman.CommandState;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/** One-line human summaries of WS-Man envelopes for the console. */
final class EnvelopeSummary {
    private static final int PREVIEW = 160;

    private EnvelopeSummary() {
    }

    static String describe(WsmanEnvelope e) {
        return describe(e, false);
    }

    /**
     * @param psrp the body carries PSRP (its messages are shown on their own lines): the base64 of Command
     *             Arguments and the bytes of streams are not previewed as text
     */
    static String describe(WsmanEnvelope e, boolean psrp) {
        StringBuilder sb = new StringBuilder(e.action().name());
        if (e.action() == dev.tapdeck.protocol.wsman.WsmanAction.Unknown && e.header().actionUri() != null) {
            sb.append(" <").append(e.header().actionUri()).append('>');
        }
        e.header().shellId().ifPresent(id -> sb.append(" shell=").append(id));
        WsmanBody b = e.body();
        if (b instanceof WsmanBody.Shell s) {
            sb.append(" resource=").append(shortUri(e.header().resourceUri()));
            if (s.shellId() != null) {
                sb.append(" ShellId=").append(s.shellId());
            }
            sb.append(" in=").append(String.join(",", s.inputStreams())).append(" out=").append(String.join(",", s.outputStreams()));
            if (s.creationXml() != null) {
                sb.append(" creationXml=").append(s.creationXml().length()).append(" chars");
            }
        } else if (b instanceof WsmanBody.CreateResponse c) {
            sb.append(" ShellId=").append(c.shellId());
        } else if (b instanceof WsmanBody.CommandLine c) {
            if (c.commandId() != null) {
                sb.append(" CommandId=").append(c.commandId());
            }
            sb.append(" command=").append(quote(c.command()));
            for (String a : c.arguments()) {
                sb.append(' ').append(psrp ? "Arguments=" + a.length() + " chars"
                        : quote(a.length() > PREVIEW ? a.substring(0, PREVIEW) + "…" : a));
            }
        } else if (b instanceof WsmanBody.CommandResponse c) {
            sb.append(" CommandId=").append(c.commandId());
        } else if (b instanceof WsmanBody.Send s) {
            s.streams().forEach(st -> sb.append("\n      ").append(stream(st, psrp)));
        } else if (b instanceof WsmanBody.Receive r) {
            if (r.commandId() != null) {
                sb.append(" CommandId=").append(r.commandId());
            }
            sb.append(" streams=").append(String.join(",", r.desiredStreams()));
        } else if (b instanceof WsmanBody.ReceiveResponse r) {
            r.streams().forEach(st -> sb.append("\n      ").append(stream(st, psrp)));
            for (CommandState cs : r.commandStates()) {
                sb.append("\n      CommandState ").append(cs.shortState());
                if (cs.commandId() != null) {
                    sb.append(" CommandId=").append(cs.commandId());
                }
                if (cs.exitCode() != null) {
                    sb.append(" ExitCode=").append(cs.exitCode());
                }
            }
        } else if (b instanceof WsmanBody.Signal s) {
            if (s.commandId() != null) {
                sb.append(" CommandId=").append(s.commandId());
            }
            sb.append(" code=").append(shortUri(s.code()));
        } else if (b instanceof WsmanBody.Fault f) {
            sb.append(' ').append(f.subcode() != null ? f.subcode() : f.code());
            if (f.wsmanFaultCode() != null) {
                sb.append(" code=").append(f.wsmanFaultCode());
            }
            String text = f.message() != null ? f.message() : f.reason();
            if (text != null) {
                sb.append(' ').append(quote(text.length() > PREVIEW ? text.substring(0, PREVIEW) + "…" : text));
            }
        } else if (b instanceof WsmanBody.Other o) {
            sb.append(" body=").append(o.localName());
        }
        return sb.toString();
    }

    static String stream(ShellStream s) {
        return stream(s, false);
    }

    static String stream(ShellStream s, boolean psrp) {
        StringBuilder sb = new StringBuilder("stream ").append(s.name());
        if (s.commandId() != null) {
            sb.append(" CommandId=").append(s.commandId());
        }
        sb.append(" End=").append(s.end());
        if (!s.isValid()) {
            return sb.append(" (invalid base64)").toString();
        }
        sb.append(' ').append(s.size()).append(" B");
        if (psrp) {
            return sb.toString();
        }
        String text = textOf(s.data());
        if (text != null && !text.isEmpty()) {
            sb.append(' ').append(quote(text.length() > PREVIEW ? text.substring(0, PREVIEW) + "…" : text));
        } else if (text == null) {
            sb.append(" (binary)");
        }
        return sb.toString();
    }

    /** One PSRP message under its WS-Man operation, e.g. {@code PSRP PIPELINE_INPUT pid=… 1.2 KB "…"}. */
    static String psrp(PsrpMessageDecoded m) {
        StringBuilder sb = new StringBuilder("PSRP ").append(m.type());
        if (m.pid() != null) {
            sb.append(" pid=").append(m.pid());
        }
        sb.append(' ').append(size(m.length()));
        if (m.fragmentCount() > 1) {
            sb.append(" in ").append(m.fragmentCount()).append(" fragments");
        }
        if (m.summary() != null) {
            sb.append(' ').append(quote(m.summary()));
        }
        return sb.toString();
    }

    static String size(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        return String.format(java.util.Locale.ROOT, bytes < 1024 * 1024 ? "%.1f KB" : "%.1f MB",
                bytes / (bytes < 1024 * 1024 ? 1024.0 : 1024.0 * 1024));
    }

    /** The bytes as text when they are valid UTF-8 without control characters other than whitespace; else null. */
    static String textOf(byte[] data) {
        try {
            String s = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(data)).toString();
            for (int i = 0; i < s.length(); i++) {
                char c = s.charAt(i);
                if (c < 0x20 && c != '\r' && c != '\n' && c != '\t') {
                    return null;
                }
            }
            return s;
        } catch (CharacterCodingException e) {
            return null;
        }
    }

    static String quote(String s) {
        if (s == null) {
            return "\"\"";
        }
        return '"' + s.replace("\\", "\\\\").replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")
                .replace("\"", "\\\"") + '"';
    }

    static String shortUri(String uri) {
        if (uri == null) {
            return "?";
        }
        String u = uri.trim();
        for (String prefix : new String[]{"http://schemas.microsoft.com/wbem/wsman/1/windows/", "http://schemas.microsoft.com/"}) {
            if (u.startsWith(prefix)) {
                return u.substring(prefix.length());
            }
        }
        return u;
    }
}
