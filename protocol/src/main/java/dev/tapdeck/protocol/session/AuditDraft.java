package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValueRenderer;
import dev.tapdeck.protocol.psrp.view.CommandArgument;
import dev.tapdeck.protocol.psrp.view.CreatePipeline;
import dev.tapdeck.protocol.psrp.view.GetCommandMetadata;
import dev.tapdeck.protocol.psrp.view.PipelineCommand;
import dev.tapdeck.protocol.psrp.view.PipelineStatement;
import dev.tapdeck.protocol.session.AuditRecord.Argument;
import dev.tapdeck.protocol.session.AuditRecord.Command;
import dev.tapdeck.protocol.session.AuditRecord.HostResponse;
import dev.tapdeck.protocol.session.AuditRecord.Input;
import dev.tapdeck.protocol.session.AuditRecord.Statement;
import dev.tapdeck.protocol.wsman.WsmanNamespaces;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/**
 * The audit record of one command while it runs: filled as its messages pass, turned into an
 * {@link AuditRecord} when it ends. Every list is bounded by {@link AuditOptions}; what is cut is counted.
 * Mutated only under the lock of the state that owns it.
 */
final class AuditDraft {
    private final AuditOptions options;
    private final AuditRecord.Kind kind;
    private final String shellId;
    private final String resourceUri;
    private final Requester requester;
    String commandId;
    String pipelineId;
    List<Statement> statements = List.of();
    AuditRecord.Metadata metadata;
    String commandLine;
    List<String> arguments = List.of();
    private long inputCount;
    private long inputBytes;
    private final List<String> inputObjects = new ArrayList<>();
    private boolean inputEnded;
    private MessageDigest stdinDigest;
    private byte[] stdinHead = new byte[0];
    private final List<HostResponse> hostResponses = new ArrayList<>();
    private final List<String> signals = new ArrayList<>();
    private final List<String> errors = new ArrayList<>();
    private int errorsCut;
    private String state;
    private Long exitCode;

    AuditDraft(AuditOptions options, AuditRecord.Kind kind, String shellId, String resourceUri, Requester requester) {
        this.options = options;
        this.kind = kind;
        this.shellId = shellId;
        this.resourceUri = resourceUri;
        this.requester = requester == null ? Requester.UNKNOWN : requester;
    }

    /** The session configuration name of a PowerShell resource URI, {@code cmd} for WinRS, else the last segment. */
    static String endpointOf(String resourceUri) {
        if (resourceUri == null) {
            return null;
        }
        String uri = resourceUri.trim();
        int query = uri.indexOf('?'); // pwsh 7 appends ?PSVersion=… (protocol-notes A.1)
        if (query >= 0) {
            uri = uri.substring(0, query);
        }
        if (uri.regionMatches(true, 0, WsmanNamespaces.RESOURCE_POWERSHELL_PREFIX, 0, WsmanNamespaces.RESOURCE_POWERSHELL_PREFIX.length())) {
            return uri.substring(WsmanNamespaces.RESOURCE_POWERSHELL_PREFIX.length());
        }
        return uri.substring(uri.lastIndexOf('/') + 1);
    }

    void pipeline(CreatePipeline view) {
        List<Statement> out = new ArrayList<>();
        for (PipelineStatement s : view.statements()) {
            List<Command> commands = new ArrayList<>();
            for (PipelineCommand c : s.commands()) {
                List<Argument> args = new ArrayList<>();
                for (CommandArgument a : c.arguments()) {
                    args.add(new Argument(a.name(), a.valueText(options.maxValueChars())));
                }
                commands.add(new Command(c.command(), c.isScript(), args));
            }
            out.add(new Statement(commands));
        }
        statements = out;
    }

    void metadata(GetCommandMetadata view) {
        List<String> args = new ArrayList<>();
        for (PsValue v : view.argumentList()) {
            args.add(render(v));
        }
        metadata = new AuditRecord.Metadata(view.names(), view.commandType(), view.namespaces(), args);
    }

    String render(PsValue v) {
        return PsValueRenderer.render(v, options.maxValueChars());
    }

    /** One PIPELINE_INPUT object, already rendered on one bounded line. */
    void inputObject(String text, int bytes) {
        inputCount++;
        inputBytes += bytes;
        if (inputObjects.size() < options.maxInputObjects()) {
            inputObjects.add(text);
        }
    }

    /** WinRS stdin: hashed whole, kept as text up to the bound. */
    void stdin(byte[] data, boolean end) {
        if (data.length > 0) {
            if (stdinDigest == null) {
                stdinDigest = sha256();
            }
            stdinDigest.update(data);
            inputCount++;
            inputBytes += data.length;
            int room = options.maxStdinTextBytes() + 1 - stdinHead.length; // one more byte tells "too long"
            if (room > 0) {
                byte[] grown = new byte[stdinHead.length + Math.min(room, data.length)];
                System.arraycopy(stdinHead, 0, grown, 0, stdinHead.length);
                System.arraycopy(data, 0, grown, stdinHead.length, grown.length - stdinHead.length);
                stdinHead = grown;
            }
        }
        inputEnded |= end;
    }

    void inputEnded() {
        inputEnded = true;
    }

    void hostResponse(String method, String value, int bytes) {
        if (hostResponses.size() < options.maxEntries()) {
            boolean redacted = options.redactHostResponses();
            hostResponses.add(new HostResponse(method, redacted ? null : value, redacted, bytes));
        }
    }

    void signal(String code) {
        if (code != null && signals.size() < options.maxEntries()) {
            String c = code.trim();
            signals.add(c.substring(c.lastIndexOf('/') + 1));
        }
    }

    void error(String message) {
        if (message == null) {
            return;
        }
        if (errors.size() < options.maxEntries()) {
            errors.add(message.length() > options.maxValueChars() ? message.substring(0, options.maxValueChars() - 1) + "…" : message);
        } else {
            errorsCut++;
        }
    }

    void state(String s) {
        state = s;
    }

    String state() {
        return state;
    }

    void exitCode(Long code) {
        exitCode = code;
    }

    AuditRecord toRecord(boolean complete, String incompleteReason) {
        List<String> errorList = new ArrayList<>(errors);
        if (errorsCut > 0) {
            errorList.add("(" + errorsCut + " more)");
        }
        Input input = inputCount == 0 && !inputEnded ? Input.NONE
                : new Input(inputCount, inputBytes, inputObjects, inputEnded, stdinText(),
                        stdinDigest == null ? null : HexFormat.of().formatHex(stdinDigest.digest()));
        return new AuditRecord(kind, shellId, commandId, pipelineId, resourceUri, endpointOf(resourceUri), requester,
                statements, metadata, commandLine, arguments, input, hostResponses, signals,
                new AuditRecord.Outcome(state, exitCode, errorList), complete, complete ? null : incompleteReason);
    }

    private String stdinText() {
        if (stdinDigest == null || stdinHead.length > options.maxStdinTextBytes()) {
            return null;
        }
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(stdinHead)).toString();
        } catch (CharacterCodingException e) {
            return null; // binary stdin: size and hash only
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java platform has SHA-256", e);
        }
    }
}
