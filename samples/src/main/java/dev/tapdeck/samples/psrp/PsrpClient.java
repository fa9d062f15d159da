package dev.tapdeck.samples.psrp;

import dev.tapdeck.protocol.clixml.ClixmlDecoded;
import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.psrp.PsrpDirection;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.PsrpSender;
import dev.tapdeck.protocol.psrp.build.ClientMessages;
import dev.tapdeck.protocol.psrp.view.CommandArgument;
import dev.tapdeck.protocol.psrp.view.ErrorRecord;
import dev.tapdeck.protocol.psrp.view.PipelineCommand;
import dev.tapdeck.protocol.psrp.view.PipelineState;
import dev.tapdeck.protocol.psrp.view.PipelineStatement;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult;
import dev.tapdeck.protocol.psrp.view.PsrpViews;
import dev.tapdeck.protocol.psrp.view.RunspacePoolState;
import dev.tapdeck.protocol.wsman.CommandState;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import dev.tapdeck.protocol.wsman.WsmanNamespaces;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.ext.web.client.WebClient;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.UUID;

/**
 * A small PSRP client on the protocol module, over Vert.x WebClient: opens a RunspacePool ([MS-PSRP] 3.1.4.1),
 * runs pipelines with or without input ([MS-PSRP] 3.1.4.4, 3.1.4.5), reads their output, errors and final
 * state, and closes the pool. It speaks as pypsrp does (protocol-notes B.5): Create with SESSION_CAPABILITY
 * and INIT_RUNSPACEPOOL in the creationXml, Receives on the pool until RUNSPACEPOOL_STATE Opened, each
 * pipeline a Command carrying its CREATE_PIPELINE, the input in Sends (one at a time, [MS-PSRP] 3.1.5.3.5),
 * Receives until the command is Done; messages are fragmented for the MaxEnvelopeSize it announces.
 * Basic authentication only, no message encryption. One pipeline at a time; not thread-safe.
 *
 * <pre>{@code
 * PsrpClient ps = new PsrpClient(WebClient.create(vertx), "http://127.0.0.1:5985/wsman", "user", "pass");
 * ps.open().await();
 * PipelineResult r = ps.invoke("Write-Output", PsObjects.string("hello")).await();
 * ps.close().await();
 * }</pre>
 */
public final class PsrpClient {
    /** The default session configuration. */
    public static final String MICROSOFT_POWERSHELL = WsmanNamespaces.RESOURCE_POWERSHELL_PREFIX + "Microsoft.PowerShell";
    /** Receives are repeated until the awaited end, at most this often (the server long-polls between). */
    private static final int MAX_RECEIVES = 1000;

    private final WebClient web;
    private final String endpoint;
    private final String authorization;
    private final UUID rpid = UUID.randomUUID();
    private final String shellId = rpid.toString().toUpperCase(Locale.ROOT);
    private final PsrpMessageAssembler fromServer = new PsrpMessageAssembler(PsrpDirection.SERVER_TO_CLIENT);
    private final EnvelopeReader reader = new EnvelopeReader();
    private final PsrpViews views = new PsrpViews();
    private final ClixmlReader clixml = new ClixmlReader();
    private String resourceUri = MICROSOFT_POWERSHELL;
    private int maxEnvelopeSize = 153600;
    private PsrpSender sender;
    private WsmanRequests requests;

    public PsrpClient(WebClient web, String endpoint, String user, String password) {
        this.web = web;
        this.endpoint = endpoint;
        this.authorization = user == null ? null : "Basic " + Base64.getEncoder()
                .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
    }

    /** The MaxEnvelopeSize to announce (pypsrp: 153600); fragments and Sends are sized to it. Before {@link #open}. */
    public PsrpClient maxEnvelopeSize(int octets) {
        this.maxEnvelopeSize = octets;
        return this;
    }

    /** Another session configuration than Microsoft.PowerShell. Before {@link #open}. */
    public PsrpClient resourceUri(String uri) {
        this.resourceUri = uri;
        return this;
    }

    /** The RunspacePool id, also the ShellId. */
    public UUID runspacePoolId() {
        return rpid;
    }

    /** Creates the RunspacePool and receives until it is Opened. */
    public Future<Void> open() {
        requests = new WsmanRequests(endpoint, resourceUri, maxEnvelopeSize, "PT20S");
        sender = new PsrpSender(PsrpSender.maxBlobLength(maxEnvelopeSize, PsrpRunspacePool.ENVELOPE_OVERHEAD));
        byte[] creation = sender.encode(ClientMessages.sessionCapability(rpid), ClientMessages.initRunspacePool(rpid, 1, 1));
        return post(requests.create(WsmanRequests.messageId(), shellId, creation), WsmanBody.CreateResponse.class)
                .compose(created -> receiveUntilOpened(0));
    }

    /** Runs one command with positional arguments and no input. */
    public Future<PipelineResult> invoke(String command, PsValue... arguments) {
        List<CommandArgument> args = Arrays.stream(arguments).map(a -> new CommandArgument(null, a)).toList();
        return invoke(List.of(new PipelineStatement(List.of(new PipelineCommand(command, false, null, args)))), List.of());
    }

    /** Runs the statements without input. */
    public Future<PipelineResult> invoke(List<PipelineStatement> statements) {
        return invoke(statements, List.of());
    }

    /** Runs the statements; with input, each object goes in a PIPELINE_INPUT, then END_OF_PIPELINE_INPUT. */
    public Future<PipelineResult> invoke(List<PipelineStatement> statements, List<? extends PsValue> input) {
        UUID pid = UUID.randomUUID();
        String commandId = pid.toString().toUpperCase(Locale.ROOT);
        List<byte[]> create = Fragmenter.pack(sender.fragments(ClientMessages.createPipeline(rpid, pid, statements, input.isEmpty())),
                payloadBudget());
        List<Fragment> inputFragments = new ArrayList<>();
        for (PsValue v : input) {
            inputFragments.addAll(sender.fragments(ClientMessages.pipelineInput(rpid, pid, v)));
        }
        if (!input.isEmpty()) {
            inputFragments.addAll(sender.fragments(ClientMessages.endOfPipelineInput(rpid, pid)));
        }
        List<byte[]> sends = new ArrayList<>(create.subList(1, create.size())); // [MS-PSRP] 3.1.5.3.3: the rest via Send
        sends.addAll(Fragmenter.pack(inputFragments, payloadBudget()));
        return post(requests.command(WsmanRequests.messageId(), shellId, commandId, create.get(0)), WsmanBody.CommandResponse.class)
                .compose(response -> {
                    String id = response.commandId() == null ? commandId : response.commandId();
                    return sendAll(id, sends, 0).compose(v -> receivePipeline(id, new Collected(), 0));
                });
    }

    /** Stops a running pipeline ({@code powershell/signal/ctrl_c}, [MS-PSRP] 3.1.5.3.9). */
    public Future<Void> stop(String commandId) {
        return post(requests.signal(WsmanRequests.messageId(), shellId, commandId, WsmanBody.Signal.PS_CTRL_C),
                WsmanBody.SignalResponse.class).mapEmpty();
    }

    /** Deletes the shell, which closes the RunspacePool ([MS-PSRP] 3.1.5.3.10). */
    public Future<Void> close() {
        return post(requests.delete(WsmanRequests.messageId(), shellId), WsmanBody.Empty.class).mapEmpty();
    }

    private int payloadBudget() {
        return (maxEnvelopeSize - PsrpRunspacePool.ENVELOPE_OVERHEAD) / 4 * 3;
    }

    private Future<Void> receiveUntilOpened(int round) {
        if (round >= MAX_RECEIVES) {
            return Future.failedFuture("the RunspacePool did not open after " + MAX_RECEIVES + " Receives");
        }
        return receive(null).compose(messages -> {
            for (PsrpMessage m : messages) {
                if (view(m) instanceof RunspacePoolState s && s.state() != null) {
                    if ("Opened".equals(s.stateName())) {
                        return Future.succeededFuture();
                    }
                    if (!"Opening".equals(s.stateName()) && !"NegotiationSucceeded".equals(s.stateName())) {
                        return Future.failedFuture("the RunspacePool is " + s.stateName()
                                + (s.exception() == null ? "" : ": " + s.exception().message()));
                    }
                }
            }
            return receiveUntilOpened(round + 1);
        });
    }

    private Future<Void> sendAll(String commandId, List<byte[]> payloads, int next) {
        if (next == payloads.size()) {
            return Future.succeededFuture();
        }
        return post(requests.send(WsmanRequests.messageId(), shellId, commandId, payloads.get(next)), WsmanBody.SendResponse.class)
                .compose(v -> sendAll(commandId, payloads, next + 1));
    }

    /** What a pipeline has sent so far. */
    private static final class Collected {
        final List<PsValue> output = new ArrayList<>();
        final List<ErrorRecord> errors = new ArrayList<>();
        PipelineState state;
        boolean done;
    }

    private Future<PipelineResult> receivePipeline(String commandId, Collected c, int round) {
        if (c.done) {
            return Future.succeededFuture(new PipelineResult(commandId, c.state == null ? null : c.state.stateName(), c.output,
                    c.errors, c.state == null ? null : c.state.exception()));
        }
        if (round >= MAX_RECEIVES) {
            return Future.failedFuture("command " + commandId + " not Done after " + MAX_RECEIVES + " Receives");
        }
        return post(requests.receive(WsmanRequests.messageId(), shellId, commandId), WsmanBody.class).compose(body -> {
            if (body instanceof WsmanBody.Fault f && f.subcode() != null && f.subcode().endsWith("TimedOut")) {
                return receivePipeline(commandId, c, round + 1); // [MS-WSMV] 3.1.4.14: poll again
            }
            if (!(body instanceof WsmanBody.ReceiveResponse r)) {
                return Future.failedFuture("Receive answered with " + body);
            }
            for (PsrpMessage m : assemble(r)) {
                switch (m.type() == null ? PsrpMessageType.USER_EVENT : m.type()) {
                    case PIPELINE_OUTPUT -> {
                        if (clixml.read(m.data()) instanceof ClixmlDecoded.ClixmlParsed p && p.value() != null) {
                            c.output.add(p.value());
                        }
                    }
                    case ERROR_RECORD -> {
                        if (view(m) instanceof ErrorRecord e) {
                            c.errors.add(e);
                        }
                    }
                    case PIPELINE_STATE -> c.state = view(m) instanceof PipelineState s ? s : c.state;
                    default -> {
                    }
                }
            }
            c.done = r.commandStates().stream().anyMatch(s -> CommandState.DONE.equals(s.state()));
            return receivePipeline(commandId, c, round + 1);
        });
    }

    private Future<List<PsrpMessage>> receive(String commandId) {
        return post(requests.receive(WsmanRequests.messageId(), shellId, commandId), WsmanBody.ReceiveResponse.class)
                .map(this::assemble);
    }

    private List<PsrpMessage> assemble(WsmanBody.ReceiveResponse response) {
        List<PsrpMessage> out = new ArrayList<>();
        for (ShellStream s : response.streams()) {
            if (s.isValid()) {
                fromServer.accept(s.data()).messages().forEach(m -> out.add(m.message()));
            }
        }
        return out;
    }

    private Object view(PsrpMessage m) {
        return views.view(m) instanceof PsrpViewResult.Viewed v ? v.view() : null;
    }

    /** Posts one envelope; succeeds with the reply's body when it is {@code expected} (any body for WsmanBody). */
    private <T extends WsmanBody> Future<T> post(String xml, Class<T> expected) {
        var request = web.postAbs(endpoint).putHeader("Content-Type", "application/soap+xml;charset=UTF-8");
        if (authorization != null) {
            request.putHeader("Authorization", authorization);
        }
        return request.sendBuffer(Buffer.buffer(xml, "UTF-8")).compose(response -> {
            EnvelopeDecoded decoded = reader.read(response.bodyAsBuffer() == null ? new byte[0] : response.bodyAsBuffer().getBytes());
            if (!(decoded instanceof EnvelopeDecoded.EnvelopeParsed parsed)) {
                return Future.failedFuture("HTTP " + response.statusCode() + " without a readable envelope: " + decoded);
            }
            WsmanEnvelope envelope = parsed.envelope();
            if (expected.isInstance(envelope.body())) {
                return Future.succeededFuture(expected.cast(envelope.body()));
            }
            return Future.failedFuture("HTTP " + response.statusCode() + ": " + envelope.body());
        });
    }
}
