package dev.tapdeck.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.tapdeck.protocol.psrp.Destination;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageCodec;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.session.PsrpPayloads;
import dev.tapdeck.protocol.session.ShellKind;
import dev.tapdeck.protocol.wsman.EnvelopeDecoded;
import dev.tapdeck.protocol.wsman.EnvelopeReader;
import dev.tapdeck.protocol.wsman.WsmanEnvelope;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Benchmark input: the PSRP payloads of PowerShell sessions, per session and direction, in wire order. From
 * the shared corpus when it is found (system property {@value #PROPERTY}, environment variable
 * {@code TAPDECK_CORPUS}, or {@code ../shared/corpus}), else a synthesised session of the same shape
 * (creationXml, a CREATE_PIPELINE, pipeline input, output, a message split in 32 KiB fragments).
 */
final class PsrpInput {
    static final String PROPERTY = "tapdeck.corpus";

    /** One session: the client-to-server and server-to-client payloads. */
    record Session(List<byte[]> clientPayloads, List<byte[]> serverPayloads) {
        long bytes() {
            return clientPayloads.stream().mapToLong(p -> p.length).sum() + serverPayloads.stream().mapToLong(p -> p.length).sum();
        }
    }

    private PsrpInput() {
    }

    /** Where the corpus was found, or null. */
    static Path corpus() {
        String configured = System.getProperty(PROPERTY, System.getenv("TAPDECK_CORPUS"));
        Path p = configured != null ? Path.of(configured) : Path.of("..", "shared", "corpus");
        return Files.isDirectory(p.resolve("winrm/pypsrp/responses")) ? p : null;
    }

    static List<Session> sessions() {
        Path corpus = corpus();
        return corpus == null ? List.of(synthesised()) : fromCorpus(corpus.resolve("winrm/pypsrp/responses"));
    }

    private static List<Session> fromCorpus(Path dir) {
        EnvelopeReader reader = new EnvelopeReader();
        YAMLMapper yaml = new YAMLMapper();
        List<Session> out = new ArrayList<>();
        try (DirectoryStream<Path> files = Files.newDirectoryStream(dir, "test_*.yml")) {
            for (Path file : files) {
                List<byte[]> client = new ArrayList<>();
                List<byte[]> server = new ArrayList<>();
                for (JsonNode m : yaml.readTree(file.toFile()).path("messages")) {
                    WsmanEnvelope request = envelope(reader, m.path("request"));
                    if (request == null || ShellKind.of(request.header().resourceUri()) != ShellKind.POWERSHELL) {
                        continue;
                    }
                    PsrpPayloads.ofRequest(request).payloads().forEach(p -> client.add(p.data()));
                    WsmanEnvelope response = envelope(reader, m.path("response"));
                    if (response != null) {
                        PsrpPayloads.ofResponse(response).payloads().forEach(p -> server.add(p.data()));
                    }
                }
                if (!client.isEmpty()) {
                    out.add(new Session(client, server));
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static WsmanEnvelope envelope(EnvelopeReader reader, JsonNode text) {
        if (!text.isTextual()) {
            return null;
        }
        EnvelopeDecoded d = reader.read(text.asText().getBytes(StandardCharsets.UTF_8));
        return d instanceof EnvelopeDecoded.EnvelopeParsed p ? p.envelope() : null;
    }

    /** A session like a file copy: 64 input objects of 1 KiB, 64 outputs, and one 200 KiB message in fragments. */
    static Session synthesised() {
        UUID pool = UUID.fromString("8476A866-BDDE-4616-A461-550AC92B1C20");
        UUID pid = UUID.fromString("13E829FC-384D-41C8-88BF-933C03FC2C53");
        UUID zero = new UUID(0, 0);
        long[] ids = {0, 0};
        List<byte[]> client = new ArrayList<>();
        List<byte[]> server = new ArrayList<>();
        client.add(payload(ids, 0, Destination.SERVER, PsrpMessageType.SESSION_CAPABILITY, pool, zero, Synthetic.SESSION_CAPABILITY));
        client.add(payload(ids, 0, Destination.SERVER, PsrpMessageType.CREATE_PIPELINE, pool, pid, Synthetic.pipeline()));
        for (int i = 0; i < 64; i++) {
            client.add(payload(ids, 0, Destination.SERVER, PsrpMessageType.PIPELINE_INPUT, pool, pid,
                    "<S>" + Synthetic.text(i, 1024) + "</S>"));
            server.add(payload(ids, 1, Destination.CLIENT, PsrpMessageType.PIPELINE_OUTPUT, pool, pid,
                    "<S>" + Synthetic.text(i, 512) + "</S>"));
        }
        byte[] big = PsrpMessageCodec.encode(PsrpMessage.of(Destination.CLIENT, PsrpMessageType.PIPELINE_OUTPUT, pool, pid,
                "<S>" + Synthetic.text(7, 200 * 1024) + "</S>", true));
        server.addAll(Fragmenter.pack(new Fragmenter().fragment(++ids[1], big), 32 * 1024));
        server.add(payload(ids, 1, Destination.CLIENT, PsrpMessageType.PIPELINE_STATE, pool, pid, Synthetic.PIPELINE_STATE));
        return new Session(client, server);
    }

    private static byte[] payload(long[] ids, int side, Destination d, PsrpMessageType type, UUID rpid, UUID pid, String data) {
        byte[] message = PsrpMessageCodec.encode(PsrpMessage.of(d, type, rpid, pid, data, d == Destination.CLIENT));
        return Fragmenter.encode(new Fragmenter().fragment(++ids[side], message));
    }
}
