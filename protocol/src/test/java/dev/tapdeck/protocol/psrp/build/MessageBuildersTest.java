package dev.tapdeck.protocol.psrp.build;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.clixml.ClixmlDecoded.ClixmlParsed;
import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.clixml.PsDictionary;
import dev.tapdeck.protocol.clixml.PsObjects;
import dev.tapdeck.protocol.clixml.PsValues;
import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.PsrpDirection;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.PsrpSender;
import dev.tapdeck.protocol.psrp.view.CommandArgument;
import dev.tapdeck.protocol.psrp.view.CreatePipeline;
import dev.tapdeck.protocol.psrp.view.ErrorRecord;
import dev.tapdeck.protocol.psrp.view.InitRunspacePool;
import dev.tapdeck.protocol.psrp.view.PipelineCommand;
import dev.tapdeck.protocol.psrp.view.PipelineInput;
import dev.tapdeck.protocol.psrp.view.PipelineState;
import dev.tapdeck.protocol.psrp.view.PipelineStatement;
import dev.tapdeck.protocol.psrp.view.PsrpView;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult;
import dev.tapdeck.protocol.psrp.view.PsrpViews;
import dev.tapdeck.protocol.psrp.view.RunspacePoolState;
import dev.tapdeck.protocol.psrp.view.SessionCapability;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** What the builders write, read back with the tap's own views and assembler. */
class MessageBuildersTest {
    private static final UUID RPID = UUID.fromString("8476A866-BDDE-4616-A461-550AC92B1C20");
    private static final UUID PID = UUID.fromString("13E829FC-384D-41C8-88BF-933C03FC2C53");
    private final PsrpViews views = new PsrpViews();

    private PsrpView view(PsrpMessage m) {
        return assertInstanceOf(PsrpViewResult.Viewed.class, views.view(m), m.toString()).view();
    }

    @Test
    void clientMessagesReadBackThroughTheAuditViews() {
        assertEquals(new SessionCapability("2.3", "2.0", "1.1.0.1", false), view(ClientMessages.sessionCapability(RPID)));
        assertEquals(new InitRunspacePool(1, 2, "Default", "UNKNOWN"), view(ClientMessages.initRunspacePool(RPID, 1, 2)));

        PipelineStatement first = new PipelineStatement(List.of(
                new PipelineCommand("Write-Output", false, null, List.of(new CommandArgument(null, PsObjects.string("a b")),
                        new CommandArgument("NoEnumerate", PsObjects.nil()))),
                new PipelineCommand("Out-String", false, null, List.of())));
        PipelineStatement second = new PipelineStatement(List.of(new PipelineCommand("$input", true, null, List.of())));
        CreatePipeline one = assertInstanceOf(CreatePipeline.class, view(ClientMessages.createPipeline(RPID, PID, List.of(first), true)));
        assertEquals(List.of(first), one.statements());
        assertTrue(one.noInput());
        assertFalse(one.fromExtraCmds());
        assertEquals("Write-Output 'a b' -NoEnumerate | Out-String", one.render(100));
        CreatePipeline two = assertInstanceOf(CreatePipeline.class,
                view(ClientMessages.createPipeline(RPID, PID, List.of(first, second), false)));
        assertEquals(List.of(first, second), two.statements(), "several statements travel in ExtraCmds");
        assertTrue(two.fromExtraCmds());

        PipelineInput input = assertInstanceOf(PipelineInput.class, view(ClientMessages.pipelineInput(RPID, PID, PsObjects.i32(2))));
        assertEquals("2", input.text());
        PsrpMessage end = ClientMessages.endOfPipelineInput(RPID, PID);
        assertEquals(0, end.data().length, "[MS-PSRP] 2.2.2.18: END_OF_PIPELINE_INPUT has no Data");
        assertEquals(PID, end.pid());
        assertEquals(2, end.destination());
    }

    @Test
    void serverMessagesCarryTheBomTheRpidAndReadBack() {
        PsrpMessage capability = ServerMessages.sessionCapability(RPID);
        assertTrue(capability.bom());
        assertEquals(1, capability.destination());
        assertEquals(RPID, capability.rpid(), "the pool's RPID, not the all-zero one Windows sends");
        assertTrue(capability.pidIsZero());
        assertEquals(new RunspacePoolState(2, "Opened", null), view(ServerMessages.runspacePoolState(RPID, ServerMessages.RUNSPACEPOOL_OPENED)));

        ClixmlParsed privateData = assertInstanceOf(ClixmlParsed.class,
                new ClixmlReader().read(ServerMessages.applicationPrivateData(RPID, "5.1.14393.2248").data()));
        PsDictionary outer = assertInstanceOf(PsDictionary.class,
                PsValues.object(PsValues.property(privateData.value(), "ApplicationPrivateData")).content());
        assertEquals("PSVersionTable", PsValues.string(outer.entries().get(0).key()));
        PsDictionary table = assertInstanceOf(PsDictionary.class, PsValues.object(outer.entries().get(0).value()).content());
        assertEquals("5.1.14393.2248", PsValues.string(table.entries().get(0).value()));

        ErrorRecordData notFound = new ErrorRecordData("The term 'Get-Nothing' is not recognized as the name of a cmdlet.",
                "System.Management.Automation.CommandNotFoundException", "CommandNotFoundException",
                ErrorRecordData.OBJECT_NOT_FOUND, "", "Get-Nothing");
        ErrorRecord error = assertInstanceOf(ErrorRecord.class, view(ServerMessages.errorRecord(RPID, PID, notFound)));
        assertEquals(new ErrorRecord(notFound.message(), notFound.exceptionType(), "CommandNotFoundException", 13, "ObjectNotFound",
                "ObjectNotFound: (Get-Nothing:String) [], CommandNotFoundException"), error);
        PipelineState failed = assertInstanceOf(PipelineState.class,
                view(ServerMessages.pipelineState(RPID, PID, ServerMessages.PIPELINE_FAILED, notFound)));
        assertEquals("Failed", failed.stateName());
        assertEquals(error, failed.exception());
        PipelineState completed = assertInstanceOf(PipelineState.class,
                view(ServerMessages.pipelineState(RPID, PID, ServerMessages.PIPELINE_COMPLETED, null)));
        assertEquals("Completed", completed.stateName());
        assertNull(completed.exception());
        assertEquals(PsrpMessageType.PIPELINE_OUTPUT, ServerMessages.pipelineOutput(RPID, PID, PsObjects.string("x")).type());
    }

    @Test
    void theSenderNumbersObjectIdsFromOneAndSplitsAtTheBlobLength() {
        PsrpSender sender = new PsrpSender(16);
        PsrpMessage capability = ClientMessages.sessionCapability(RPID);
        byte[] creation = sender.encode(capability, ClientMessages.initRunspacePool(RPID, 1, 1));
        // ObjectId 1, FragmentId 0, flags S (0x01), BlobLength 16: the first 16 bytes of the message
        assertEquals("0000000000000001" + "0000000000000000" + "01" + "00000010" + "0200000002000100",
                HexFormat.of().formatHex(creation, 0, 29));
        PsrpMessageAssembler server = new PsrpMessageAssembler(PsrpDirection.CLIENT_TO_SERVER);
        PsrpMessageAssembler.Assembled assembled = server.accept(creation);
        assertEquals(List.of(), assembled.violations());
        assertEquals(List.of(1L, 2L), assembled.messages().stream().map(PsrpMessageAssembler.AssembledMessage::objectId).toList());
        assertEquals(capability, assembled.messages().get(0).message());
        List<Fragment> next = sender.fragments(ClientMessages.endOfPipelineInput(RPID, PID));
        assertEquals(3, next.size(), "40 header bytes in 16-byte blobs");
        assertEquals(3L, next.get(0).objectId());
    }

    @Test
    void blobLengthFollowsTheEnvelopeSize() {
        assertEquals(32_747, PsrpSender.maxBlobLength(512_000, 4096), "never more than Windows' 32,747");
        assertEquals((8192 - 4096) / 4 * 3 - 21, PsrpSender.maxBlobLength(8192, 4096));
        assertEquals(1, PsrpSender.maxBlobLength(100, 4096));
    }
}
