package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.clixml.PsPrimitive;
import dev.tapdeck.protocol.fuzz.FuzzInput;
import dev.tapdeck.protocol.psrp.Fragmenter;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageCodec;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.build.ClientMessages;
import dev.tapdeck.protocol.psrp.build.ServerMessages;
import dev.tapdeck.protocol.ws.HandshakeChecker;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

import static dev.tapdeck.protocol.ws.FrameBuilder.concat;

/**
 * Writes the seeds of the fuzz targets that read several inputs ({@link FuzzInput}) from the project's own
 * vectors: the PSRP conversations of the session tests, the builders' messages, RFC 6455 and RFC 7692
 * examples. Run from the repository root after changing an input format:
 * {@code java -cp protocol/target/test-classes:protocol/target/classes dev.tapdeck.protocol.session.FuzzSeeds}.
 */
public final class FuzzSeeds {
    private static final Path INPUTS = Path.of("protocol/src/test/resources/dev/tapdeck/protocol/fuzz/DecoderFuzzTestInputs");
    private static final UUID POOL = PsrpConversation.POOL;
    private static final UUID PID = PsrpConversation.PID;

    private FuzzSeeds() {
    }

    public static void main(String[] args) throws IOException {
        // wsmanTapSequence: request and response bodies of whole conversations
        PsrpConversation psrp = PsrpConversation.openWithPipeline(PsrpConversation.pipeline("Get-Item", "Path", "C:\\"));
        psrp.receivePipeline(PsrpConversation.CMD_ID, true, psrp.server(PsrpMessageType.PIPELINE_STATE, POOL, PID,
                PsrpConversation.state("PipelineState", 4)));
        psrp.c.exchange(psrp.delete(), "", "http://schemas.xmlsoap.org/ws/2004/09/transfer/DeleteResponse");
        write("wsmanTapSequence", "psrp-pool-pipeline.bin", FuzzInput.join(psrp.c.bodies));
        Conversation cmd = new Conversation();
        cmd.createShell(Conversation.CMD, "S1");
        cmd.startCommand(Conversation.CMD, "S1", "C1");
        cmd.exchange(cmd.send(Conversation.CMD, "S1", "C1", "dir\r\n", true), "<rsp:SendResponse/>", Conversation.SEND_RESPONSE);
        cmd.commandDone(Conversation.CMD, "S1", "C1", 0);
        write("wsmanTapSequence", "cmd-shell.bin", FuzzInput.join(cmd.bodies));

        // psrpMessageAssembler: a direction byte (0 client, 1 server), then carrier payloads
        Fragmenter small = new Fragmenter(64);
        byte[] capability = PsrpMessageCodec.encode(ClientMessages.sessionCapability(POOL));
        byte[] init = PsrpMessageCodec.encode(ClientMessages.initRunspacePool(POOL, 1, 1));
        byte[] input = PsrpMessageCodec.encode(ClientMessages.pipelineInput(POOL, PID, PsPrimitive.string("line of input ".repeat(12))));
        List<byte[]> client = new ArrayList<>();
        client.add(concat(Fragmenter.encode(small.fragment(1, capability)), Fragmenter.encode(small.fragment(2, init))));
        List<byte[]> split = Fragmenter.pack(small.fragment(3, input), 100); // a message across carriers
        client.addAll(split);
        write("psrpMessageAssembler", "client-open-and-input.bin", concat(new byte[] {0}, FuzzInput.join(client)));
        List<byte[]> server = List.of(
                fragments(10, ServerMessages.sessionCapability(POOL)),
                fragments(11, ServerMessages.applicationPrivateData(POOL, "5.1")),
                fragments(12, ServerMessages.runspacePoolState(POOL, ServerMessages.RUNSPACEPOOL_OPENED)),
                fragments(13, ServerMessages.pipelineOutput(POOL, PID, PsPrimitive.string("out"))),
                fragments(14, ServerMessages.pipelineState(POOL, PID, ServerMessages.PIPELINE_COMPLETED, null)));
        write("psrpMessageAssembler", "server-opened-output-state.bin", concat(new byte[] {1}, FuzzInput.join(server)));

        // handshakeAndDeflateFrames: request head, response head, then server frames
        String request = "GET /chat HTTP/1.1\r\nHost: server.example.com\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
                + "Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nOrigin: http://example.com\r\nSec-WebSocket-Protocol: chat, superchat\r\n"
                + "Sec-WebSocket-Version: 13\r\nSec-WebSocket-Extensions: permessage-deflate; client_max_window_bits\r\n\r\n";
        String accept = HandshakeChecker.acceptFor("dGhlIHNhbXBsZSBub25jZQ==");
        String deflate = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept
                + "\r\nSec-WebSocket-Protocol: chat\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n";
        // RFC 7692 7.2.3.1 "Hello" compressed, 7.2.3.2 shared window (context takeover), 7.2.3.3 uncompressed in DEFLATE
        byte[] frames = HexFormat.of().parseHex("c107f248cdc9c90700" + "c105f200110000" + "c10b000500faff48656c6c6f00");
        write("handshakeAndDeflateFrames", "rfc7692-hello.bin", concat(bytes(request + deflate), frames));
        String plain = "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Accept: " + accept
                + "\r\n\r\n";
        // RFC 6455 5.7: a single-frame unmasked text message, a fragmented one, an unmasked ping
        write("handshakeAndDeflateFrames", "rfc6455-plain.bin", concat(bytes(request + plain),
                HexFormat.of().parseHex("810548656c6c6f" + "010348656c" + "80026c6f" + "890548656c6c6f")));
        write("handshakeAndDeflateFrames", "version-refused.bin", bytes(request.replace("Version: 13", "Version: 8")
                + "HTTP/1.1 426 Upgrade Required\r\nSec-WebSocket-Version: 13\r\n\r\n"));
    }

    private static byte[] fragments(long objectId, PsrpMessage message) {
        return Fragmenter.encode(new Fragmenter(200).fragment(objectId, PsrpMessageCodec.encode(message)));
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static void write(String target, String name, byte[] seed) throws IOException {
        Path dir = INPUTS.resolve(target);
        Files.createDirectories(dir);
        Files.write(dir.resolve(name), seed);
        System.out.println(dir.resolve(name) + ": " + seed.length + " bytes");
    }
}
