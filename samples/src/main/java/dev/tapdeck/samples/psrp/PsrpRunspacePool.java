package dev.tapdeck.samples.psrp;

import dev.tapdeck.protocol.clixml.ClixmlDecoded;
import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.psrp.DefragmentLimits;
import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.psrp.PsrpDirection;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.PsrpSender;
import dev.tapdeck.protocol.psrp.build.ErrorRecordData;
import dev.tapdeck.protocol.psrp.build.ServerMessages;
import dev.tapdeck.protocol.psrp.view.CreatePipeline;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult;
import dev.tapdeck.protocol.psrp.view.PsrpViews;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;

/**
 * The server side of one RunspacePool ([MS-PSRP] 3.2), without WS-Man: it takes the client's fragments as
 * they arrive (creationXml, Command Arguments, Send streams), answers the opening ([MS-PSRP] 3.1.4.1:
 * SESSION_CAPABILITY, APPLICATION_PRIVATE_DATA, RUNSPACEPOOL_STATE Opened), runs each pipeline with
 * {@link PowerShellBuiltins} once its input has ended, and queues what it sends, fragmented for the
 * envelope size the client negotiated, until Receives take it. Every method returns a problem text for a
 * request the server refuses (the caller answers with a fault), null otherwise. Not thread-safe: the
 * server confines it to one event loop.
 */
public final class PsrpRunspacePool {
    /** Room the SOAP envelope of a ReceiveResponse needs around its streams. */
    public static final int ENVELOPE_OVERHEAD = 4096;
    /** Room one {@code <rsp:Stream Name="stdout" CommandId="…">} element needs around its base64. */
    private static final int STREAM_OVERHEAD = 128;

    private final UUID rpid;
    private final long maxInputBytes;
    private final String psVersion;
    private final PsrpSender sender;
    private final PsrpMessageAssembler fromClient;
    private final PsrpViews views = new PsrpViews();
    private final ClixmlReader clixml = new ClixmlReader();
    private final OutputQueue poolOutput = new OutputQueue();
    private final Map<String, ServerPipeline> pipelines = new LinkedHashMap<>();

    /**
     * @param maxEnvelopeSize the client's MaxEnvelopeSize at Create: fragments are sized to fit it
     * @param maxInputBytes   bound of the pipeline input kept per pipeline, and of one client message
     * @param psVersion       the PSVersion the pool announces in APPLICATION_PRIVATE_DATA
     */
    public PsrpRunspacePool(UUID rpid, long maxEnvelopeSize, long maxInputBytes, String psVersion) {
        this.rpid = rpid;
        this.maxInputBytes = maxInputBytes;
        this.psVersion = psVersion;
        this.sender = new PsrpSender(PsrpSender.maxBlobLength(maxEnvelopeSize, ENVELOPE_OVERHEAD + STREAM_OVERHEAD));
        int messageLimit = (int) Math.min(Integer.MAX_VALUE, maxInputBytes);
        this.fromClient = new PsrpMessageAssembler(PsrpDirection.CLIENT_TO_SERVER, new DefragmentLimits(64, messageLimit, 4L * messageLimit));
    }

    public UUID rpid() {
        return rpid;
    }

    /** What a Receive takes: whole fragments, and whether the target has ended with them. */
    public record Taken(List<byte[]> fragments, boolean done) {
    }

    /** [MS-PSRP] 3.1.5.3.1: the creationXml holds SESSION_CAPABILITY, then INIT_RUNSPACEPOOL. */
    public String open(byte[] creationXml) {
        List<PsrpMessage> messages = new ArrayList<>();
        String problem = accept(creationXml, messages);
        if (problem != null) {
            return problem;
        }
        List<PsrpMessageType> types = messages.stream().map(PsrpMessage::type).toList();
        if (!types.equals(List.of(PsrpMessageType.SESSION_CAPABILITY, PsrpMessageType.INIT_RUNSPACEPOOL))) {
            return "the creationXml must hold SESSION_CAPABILITY then INIT_RUNSPACEPOOL ([MS-PSRP] 3.1.5.3.1), not " + types;
        }
        // [MS-PSRP] 3.2.5.4.1 to 3.2.5.4.3: the server's capability, its private data, then Opened
        send(poolOutput, ServerMessages.sessionCapability(rpid));
        send(poolOutput, ServerMessages.applicationPrivateData(rpid, psVersion));
        send(poolOutput, ServerMessages.runspacePoolState(rpid, ServerMessages.RUNSPACEPOOL_OPENED));
        return null;
    }

    /** [MS-PSRP] 3.1.5.3.3: a Command carries the first fragment(s) of a CREATE_PIPELINE. */
    public String command(String commandId, byte[] arguments) {
        ServerPipeline p = new ServerPipeline();
        pipelines.put(key(commandId), p);
        List<PsrpMessage> messages = new ArrayList<>();
        String problem = accept(arguments, messages);
        if (problem == null) {
            problem = route(commandId, messages);
        }
        if (problem != null) {
            pipelines.remove(key(commandId));
        }
        return problem;
    }

    /** [MS-PSRP] 3.1.5.3.5: a Send stream to the pool ({@code commandId} null) or to a pipeline. */
    public String send(String commandId, byte[] data) {
        if (commandId != null && !hasPipeline(commandId)) {
            return "no pipeline with CommandId " + commandId;
        }
        List<PsrpMessage> messages = new ArrayList<>();
        String problem = accept(data, messages);
        return problem != null ? problem : route(commandId, messages);
    }

    public boolean hasPipeline(String commandId) {
        return commandId != null && pipelines.containsKey(key(commandId));
    }

    /** Output is waiting for the pool ({@code commandId} null) or the pipeline, or the pipeline has ended. */
    public boolean isReady(String commandId) {
        return queue(commandId).isReady();
    }

    /** Takes what fits in a ReceiveResponse of {@code maxEnvelopeSize} octets. */
    public Taken take(String commandId, long maxEnvelopeSize) {
        OutputQueue q = queue(commandId);
        List<byte[]> out = new ArrayList<>();
        for (Fragment f : q.take(maxEnvelopeSize - ENVELOPE_OVERHEAD, PsrpRunspacePool::streamCost)) {
            out.add(Fragmenter.encode(f));
        }
        return new Taken(out, commandId != null && q.isDrained());
    }

    public void onOutput(String commandId, Runnable listener) {
        queue(commandId).onOutput(listener);
    }

    public void removeOutputListener(String commandId, Runnable listener) {
        queue(commandId).removeOutputListener(listener);
    }

    /** [MS-PSRP] 3.1.5.3.9: ctrl_c stops a pipeline that has not finished ([MS-PSRP] 2.2.3.5 Stopped). */
    public void stop(String commandId) {
        ServerPipeline p = pipelines.get(key(commandId));
        if (p != null && !p.finished) {
            p.finish(ServerMessages.PIPELINE_STOPPED, null);
        }
    }

    /** The command was terminated: later requests on it are refused. */
    public void remove(String commandId) {
        ServerPipeline p = pipelines.remove(key(commandId));
        if (p != null) {
            p.output.end(); // answers a Receive still waiting on it
        }
    }

    private OutputQueue queue(String commandId) {
        if (commandId == null) {
            return poolOutput;
        }
        ServerPipeline p = pipelines.get(key(commandId));
        return p == null ? new OutputQueue() : p.output;
    }

    private String accept(byte[] payload, List<PsrpMessage> out) {
        PsrpMessageAssembler.Assembled a = fromClient.accept(payload);
        if (!a.violations().isEmpty()) {
            return "PSRP framing: " + a.violations().get(0);
        }
        if (!a.drops().isEmpty()) {
            return "PSRP message dropped: " + a.drops().get(0).detail();
        }
        a.messages().forEach(m -> out.add(m.message()));
        return null;
    }

    private String route(String commandId, List<PsrpMessage> messages) {
        for (PsrpMessage m : messages) {
            PsrpMessageType type = m.type();
            if (type == null) {
                continue;
            }
            ServerPipeline p = commandId == null ? null : pipelines.get(key(commandId));
            switch (type) {
                case CREATE_PIPELINE -> {
                    if (p == null) {
                        return "CREATE_PIPELINE outside a Command ([MS-PSRP] 3.1.5.3.3)";
                    }
                    p.created(m);
                }
                case PIPELINE_INPUT -> {
                    if (p == null || p.pid == null) {
                        return "PIPELINE_INPUT without its pipeline's CommandId ([MS-PSRP] 3.1.5.3.5)";
                    }
                    p.input(m);
                }
                case END_OF_PIPELINE_INPUT -> {
                    if (p == null || p.pid == null) {
                        return "END_OF_PIPELINE_INPUT without its pipeline's CommandId ([MS-PSRP] 3.1.5.3.5)";
                    }
                    p.run();
                }
                default -> {
                    // SET_MAX_RUNSPACES, host responses, key exchange…: this host has nothing to do with them
                }
            }
        }
        return null;
    }

    private void send(OutputQueue queue, PsrpMessage message) {
        queue.add(sender.fragments(message));
    }

    private static long streamCost(Fragment f) {
        return (f.encodedLength() + 2L) / 3 * 4 + STREAM_OVERHEAD;
    }

    private static String key(String commandId) {
        return commandId.trim().toUpperCase(Locale.ROOT);
    }

    /** One pipeline: its CREATE_PIPELINE, the input so far, its output. */
    private final class ServerPipeline {
        final OutputQueue output = new OutputQueue();
        final List<PsValue> input = new ArrayList<>();
        UUID pid;
        CreatePipeline pipeline;
        long inputBytes;
        boolean finished;

        void created(PsrpMessage m) {
            pid = m.pid();
            PsrpViewResult view = views.view(m);
            if (!(view instanceof PsrpViewResult.Viewed v) || !(v.view() instanceof CreatePipeline c)) {
                finish(ServerMessages.PIPELINE_FAILED, PowerShellBuiltins.hostError("The CREATE_PIPELINE could not be read: " + view));
                return;
            }
            pipeline = c;
            if (c.noInput()) {
                run();
            }
        }

        void input(PsrpMessage m) {
            inputBytes += m.data().length;
            if (finished) {
                return;
            }
            if (inputBytes > maxInputBytes) {
                // design principle 6: a clear error naming the limit
                finish(ServerMessages.PIPELINE_FAILED, PowerShellBuiltins.hostError("tapdeck demo host: more than "
                        + maxInputBytes + " bytes of pipeline input (the configured maxPendingOutputBytes); the pipeline was stopped."));
                return;
            }
            ClixmlDecoded d = clixml.read(m.data());
            if (d instanceof ClixmlDecoded.ClixmlParsed parsed && parsed.value() != null) {
                input.add(parsed.value());
            } else {
                finish(ServerMessages.PIPELINE_FAILED, PowerShellBuiltins.hostError("A PIPELINE_INPUT could not be read as CLIXML."));
            }
        }

        void run() {
            if (finished || pipeline == null) {
                return;
            }
            ErrorRecordData failure = PowerShellBuiltins.run(pipeline.statements(), input, new PowerShellBuiltins.Streams() {
                @Override
                public void output(PsValue value) {
                    send(output, ServerMessages.pipelineOutput(rpid, pid, value));
                }

                @Override
                public void error(ErrorRecordData error) {
                    send(output, ServerMessages.errorRecord(rpid, pid, error));
                }
            });
            finish(failure == null ? ServerMessages.PIPELINE_COMPLETED : ServerMessages.PIPELINE_FAILED, failure);
        }

        /** [MS-PSRP] 3.2.5.4.5: the final PIPELINE_STATE, after which the command is Done. */
        void finish(int state, ErrorRecordData error) {
            finished = true;
            input.clear();
            send(output, ServerMessages.pipelineState(rpid, pid == null ? new UUID(0, 0) : pid, state, error));
            output.end();
        }
    }
}
