package dev.tapdeck.protocol.psrp;

import dev.tapdeck.protocol.corpus.RecordedExchange;
import dev.tapdeck.protocol.corpus.Recording;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler.Assembled;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler.AssembledMessage;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.ShellStream;
import dev.tapdeck.protocol.wsman.WsmanBody;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Test support: pulls the PSRP payloads out of a recorded WS-Man session and decodes them, one
 * {@link PsrpMessageAssembler} per RunspacePool and direction. Where the payloads are (protocol-notes
 * A.4, B.4): Create {@code creationXml}, each Command {@code rsp:Arguments}, Send and ReceiveResponse
 * {@code rsp:Stream}s, Connect {@code connectXml} and ConnectResponse {@code connectResponseXml}; only for
 * shells whose resource URI is a PowerShell one, classified by ShellId when the shell is created (or
 * connected to), since a ReceiveResponse does not repeat the resource URI.
 */
final class PsrpCorpusScan {
    static final String POWERSHELL_RESOURCE_PREFIX = "http://schemas.microsoft.com/powershell/";

    /** Where a payload travelled. */
    enum Carrier { CREATION_XML, ARGUMENTS, SEND, RECEIVE_RESPONSE, CONNECT_XML, CONNECT_RESPONSE_XML }

    /** One decoded message and where it completed. */
    record Found(String shellId, PsrpDirection direction, Carrier carrier, int exchange, AssembledMessage assembled) {
        PsrpMessage message() {
            return assembled.message();
        }
    }

    /** The fragments of one payload, for tracing a message across carriers. */
    record Payload(String shellId, PsrpDirection direction, Carrier carrier, int exchange, List<Fragment> fragments) {
    }

    /** A PSRP Create: the ShellId the client proposed, the one the server returned, the RPID of its first message. */
    record Create(String proposedShellId, String shellId, byte[] rpid) {
    }

    /** Everything one recording gave. */
    record Result(List<Found> messages, List<Payload> payloads, List<Violation> violations, List<String> problems,
                  List<Create> creates) {
    }

    private final EnvelopeReader reader = new EnvelopeReader();
    private final Map<String, PsrpMessageAssembler[]> pools = new HashMap<>();
    private final List<Found> messages = new ArrayList<>();
    private final List<Payload> payloads = new ArrayList<>();
    private final List<Violation> violations = new ArrayList<>();
    private final List<String> problems = new ArrayList<>();
    private final List<Create> creates = new ArrayList<>();

    private static final Map<String, Result> CACHE = new ConcurrentHashMap<>();

    /** Scans once per recording file and test run (the recordings do not change). */
    static Result scan(Recording recording) {
        return CACHE.computeIfAbsent(recording.file().toString(), k -> scanNow(recording));
    }

    private static Result scanNow(Recording recording) {
        PsrpCorpusScan s = new PsrpCorpusScan();
        for (RecordedExchange e : recording.exchanges()) {
            s.exchange(e);
        }
        s.pools.values().forEach(p -> {
            s.violations.addAll(p[0].finish().violations());
            s.violations.addAll(p[1].finish().violations());
        });
        return new Result(s.messages, s.payloads, s.violations, s.problems, s.creates);
    }

    private void exchange(RecordedExchange e) {
        WsmanEnvelope request = envelope(e.request(), e.index());
        WsmanEnvelope response = e.hasResponse() ? envelope(e.response(), e.index()) : null;
        if (request == null) {
            return;
        }
        String uri = request.header().resourceUri();
        boolean powerShell = uri != null && uri.startsWith(POWERSHELL_RESOURCE_PREFIX);
        WsmanBody body = request.body();
        String shellId;
        if (body instanceof WsmanBody.Shell shell) {
            shellId = response != null && response.body() instanceof WsmanBody.CreateResponse created && created.shellId() != null
                    ? created.shellId() : shell.shellId();
        } else {
            shellId = request.header().shellId().orElse(null);
        }
        if (shellId == null) {
            return;
        }
        shellId = shellId.toUpperCase(Locale.ROOT);
        if (powerShell && (body instanceof WsmanBody.Shell || body instanceof WsmanBody.Other)) {
            pools.computeIfAbsent(shellId, id -> new PsrpMessageAssembler[] {
                new PsrpMessageAssembler(PsrpDirection.CLIENT_TO_SERVER), new PsrpMessageAssembler(PsrpDirection.SERVER_TO_CLIENT)});
        }
        if (!pools.containsKey(shellId)) {
            return; // a cmd shell, or a config resource
        }
        if (body instanceof WsmanBody.Shell shell && shell.creationXml() != null) {
            List<Found> found = feed(shellId, PsrpDirection.CLIENT_TO_SERVER, Carrier.CREATION_XML, e.index(), base64(shell.creationXml()));
            creates.add(new Create(shell.shellId(), shellId, found.isEmpty() ? null : found.get(0).message().rpidBytes()));
        } else if (body instanceof WsmanBody.CommandLine command) {
            for (String argument : command.arguments()) {
                feed(shellId, PsrpDirection.CLIENT_TO_SERVER, Carrier.ARGUMENTS, e.index(), base64(argument));
            }
        } else if (body instanceof WsmanBody.Send send) {
            streams(shellId, PsrpDirection.CLIENT_TO_SERVER, Carrier.SEND, e.index(), send.streams());
        } else if (body instanceof WsmanBody.Other other && other.text() != null) {
            feed(shellId, PsrpDirection.CLIENT_TO_SERVER, Carrier.CONNECT_XML, e.index(), base64(other.text()));
        }
        if (response == null) {
            return;
        }
        if (response.body() instanceof WsmanBody.ReceiveResponse received) {
            streams(shellId, PsrpDirection.SERVER_TO_CLIENT, Carrier.RECEIVE_RESPONSE, e.index(), received.streams());
        } else if (response.body() instanceof WsmanBody.Other other && other.text() != null) {
            feed(shellId, PsrpDirection.SERVER_TO_CLIENT, Carrier.CONNECT_RESPONSE_XML, e.index(), base64(other.text()));
        }
    }

    private void streams(String shellId, PsrpDirection direction, Carrier carrier, int exchange, List<ShellStream> streams) {
        for (ShellStream s : streams) {
            if (s.isValid() && s.size() > 0) {
                feed(shellId, direction, carrier, exchange, s.data());
            }
        }
    }

    private List<Found> feed(String shellId, PsrpDirection direction, Carrier carrier, int exchange, byte[] payload) {
        payloads.add(new Payload(shellId, direction, carrier, exchange, FragmentDecoder.decode(payload).fragments()));
        PsrpMessageAssembler assembler = pools.get(shellId)[direction == PsrpDirection.CLIENT_TO_SERVER ? 0 : 1];
        Assembled out = assembler.accept(payload);
        violations.addAll(out.violations());
        List<Found> found = new ArrayList<>();
        for (AssembledMessage m : out.messages()) {
            found.add(new Found(shellId, direction, carrier, exchange, m));
        }
        messages.addAll(found);
        out.drops().forEach(d -> problems.add("exchange " + exchange + ": " + d));
        return found;
    }

    private WsmanEnvelope envelope(byte[] body, int exchange) {
        EnvelopeDecoded d = reader.read(body);
        if (d instanceof EnvelopeDecoded.EnvelopeParsed parsed) {
            parsed.problems().forEach(p -> problems.add("exchange " + exchange + ": " + p));
            return parsed.envelope();
        }
        problems.add("exchange " + exchange + ": " + ((EnvelopeDecoded.EnvelopeRejected) d).problem());
        return null;
    }

    private static byte[] base64(String text) {
        return Base64.getMimeDecoder().decode(text);
    }
}
