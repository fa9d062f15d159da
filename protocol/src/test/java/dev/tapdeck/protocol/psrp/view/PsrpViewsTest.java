package dev.tapdeck.protocol.psrp.view;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.clixml.PrimitiveType;
import dev.tapdeck.protocol.clixml.PsNil;
import dev.tapdeck.protocol.clixml.PsPrimitive;
import dev.tapdeck.protocol.clixml.PsSecureString;
import dev.tapdeck.protocol.psrp.Destination;
import dev.tapdeck.protocol.psrp.PsrpDirection;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageType;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult.NotViewed;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult.ViewRejected;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult.Viewed;
import dev.tapdeck.protocol.wsman.DecodeProblem;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PsrpViewsTest {
    private static final UUID RPID = UUID.fromString("8476A866-BDDE-4616-A461-550AC92B1C20");
    private static final String ENUM = "<TN RefId=\"9\"><T>System.Enum</T></TN>";

    private final PsrpViews views = new PsrpViews();

    private PsrpViewResult view(PsrpMessageType type, String data) {
        Destination d = type.direction() == PsrpDirection.SERVER_TO_CLIENT ? Destination.CLIENT : Destination.SERVER;
        return views.view(PsrpMessage.of(d, type, RPID, new UUID(0, 0), data, d == Destination.CLIENT));
    }

    private <T extends PsrpView> T viewed(Class<T> type, PsrpMessageType messageType, String data) {
        return assertInstanceOf(type, assertInstanceOf(Viewed.class, view(messageType, data)).view());
    }

    @Test
    void sessionCapability() {
        SessionCapability s = viewed(SessionCapability.class, PsrpMessageType.SESSION_CAPABILITY, "<Obj RefId=\"0\"><MS>"
                + "<Version N=\"protocolversion\">2.2</Version><Version N=\"PSVersion\">2.0</Version>"
                + "<Version N=\"SerializationVersion\">1.1.0.1</Version><BA N=\"TimeZone\">AAEAAAD/////AQ==</BA></MS></Obj>");
        assertEquals(new SessionCapability("2.2", "2.0", "1.1.0.1", true), s);
        assertFalse(viewed(SessionCapability.class, PsrpMessageType.SESSION_CAPABILITY,
                "<Obj RefId=\"0\"><MS><Version N=\"protocolversion\">2.3</Version></MS></Obj>").timeZonePresent());
    }

    @Test
    void initRunspacePool() {
        InitRunspacePool i = viewed(InitRunspacePool.class, PsrpMessageType.INIT_RUNSPACEPOOL, "<Obj RefId=\"0\"><MS>"
                + "<I32 N=\"MinRunspaces\">1</I32><I32 N=\"MaxRunspaces\">5</I32><Obj N=\"PSThreadOptions\" RefId=\"1\">" + ENUM
                + "<ToString>Default</ToString><I32>0</I32></Obj><Obj N=\"ApartmentState\" RefId=\"2\"><TNRef RefId=\"9\" />"
                + "<ToString>UNKNOWN</ToString><I32>2</I32></Obj><Nil N=\"ApplicationArguments\" /></MS></Obj>");
        assertEquals(new InitRunspacePool(1, 5, "Default", "UNKNOWN"), i);
    }

    @Test
    void createPipelineWithPipedCommandsInCmds() {
        String data = "<Obj RefId=\"0\"><MS><B N=\"NoInput\">false</B><B N=\"AddToHistory\">true</B>"
                + "<Obj N=\"PowerShell\" RefId=\"4\"><MS><B N=\"IsNested\">false</B><Nil N=\"ExtraCmds\" />"
                + "<Obj N=\"Cmds\" RefId=\"5\"><LST>"
                + "<Obj RefId=\"6\"><MS><S N=\"Cmd\">Get-Process</S><B N=\"IsScript\">false</B><B N=\"UseLocalScope\">true</B>"
                + "<Obj N=\"Args\" RefId=\"7\"><LST /></Obj></MS></Obj>"
                + "<Obj RefId=\"8\"><MS><S N=\"Cmd\">Select-Object</S><B N=\"IsScript\">false</B><Nil N=\"UseLocalScope\" />"
                + "<Obj N=\"Args\" RefId=\"9\"><LST><Obj RefId=\"10\"><MS><S N=\"N\">First</S><I32 N=\"V\">1</I32></MS></Obj>"
                + "<Obj RefId=\"11\"><MS><Nil N=\"N\" /><S N=\"V\">Name, Id</S></MS></Obj></LST></Obj></MS></Obj>"
                + "</LST></Obj><S N=\"History\">gps | select -first 1</S></MS></Obj><B N=\"IsNested\">true</B></MS></Obj>";

        CreatePipeline p = viewed(CreatePipeline.class, PsrpMessageType.CREATE_PIPELINE, data);

        assertFalse(p.noInput());
        assertTrue(p.addToHistory());
        assertTrue(p.isNested()); // the message's own IsNested wins over the pipeline's
        assertFalse(p.fromExtraCmds());
        assertEquals("gps | select -first 1", p.history());
        assertEquals(1, p.statements().size());
        List<PipelineCommand> commands = p.commands();
        assertEquals(new PipelineCommand("Get-Process", false, true, List.of()), commands.get(0));
        assertNull(commands.get(1).useLocalScope());
        assertEquals(List.of(new CommandArgument("First", new PsPrimitive(PrimitiveType.SIGNED_INT, 1)),
                new CommandArgument(null, PsPrimitive.string("Name, Id"))), commands.get(1).arguments());
        assertEquals("Get-Process | Select-Object -First 1 'Name, Id'", p.render(100));
    }

    @Test
    void createPipelineWithStatementsInExtraCmds() {
        String statement = "<Obj RefId=\"%d\"><MS><Obj N=\"Cmds\" RefId=\"%d\"><LST><Obj RefId=\"%d\"><MS><S N=\"Cmd\">%s</S>"
                + "<B N=\"IsScript\">%s</B><Nil N=\"UseLocalScope\" /><Obj N=\"Args\" RefId=\"%d\"><LST /></Obj></MS></Obj></LST></Obj></MS></Obj>";
        String data = "<Obj RefId=\"0\"><MS><B N=\"NoInput\">true</B><Obj N=\"PowerShell\" RefId=\"1\"><MS>"
                + "<Obj N=\"ExtraCmds\" RefId=\"2\"><LST>" + String.format(statement, 3, 4, 5, "whoami.exe", "false", 6)
                + String.format(statement, 7, 8, 9, "$x = 1_x000A_$x", "true", 10) + "</LST></Obj>"
                + "<Obj N=\"Cmds\" RefId=\"11\"><LST><Obj RefId=\"12\"><MS><S N=\"Cmd\">ignored duplicate</S></MS></Obj></LST></Obj>"
                + "</MS></Obj></MS></Obj>";

        CreatePipeline p = viewed(CreatePipeline.class, PsrpMessageType.CREATE_PIPELINE, data);

        assertTrue(p.fromExtraCmds());
        assertTrue(p.noInput());
        assertEquals(List.of("whoami.exe", "$x = 1\n$x"), p.commands().stream().map(PipelineCommand::command).toList());
        assertTrue(p.commands().get(1).isScript());
        assertEquals("whoami.exe; $x = 1\n$x", p.render(100));
    }

    @Test
    void argumentRendering() {
        assertEquals("-Force", new CommandArgument("Force", PsNil.INSTANCE).render(10));
        assertEquals("-Value <SecureString>", new CommandArgument("Value", new PsSecureString("QUJD")).render(50));
        assertEquals("'it''s here'", new CommandArgument(null, PsPrimitive.string("it's here")).render(50));
        assertEquals("''", new CommandArgument(null, PsPrimitive.string("")).render(50));
        assertEquals("-Name abcd…", new CommandArgument("Name", PsPrimitive.string("abcdefgh")).render(5));
        assertTrue(new CommandArgument(null, PsNil.INSTANCE).positional());
    }

    @Test
    void getCommandMetadata() {
        GetCommandMetadata g = viewed(GetCommandMetadata.class, PsrpMessageType.GET_COMMAND_METADATA, "<Obj RefId=\"0\"><MS>"
                + "<Obj N=\"Name\" RefId=\"1\"><TN RefId=\"0\"><T>System.String[]</T></TN><LST><S>Get-*</S></LST></Obj>"
                + "<I32 N=\"CommandType\">511</I32><Obj N=\"Namespace\" RefId=\"2\"><TN RefId=\"1\"><T>System.Object[]</T></TN>"
                + "<LST><S>Microsoft.WSMan.Management</S></LST></Obj><Nil N=\"ArgumentList\" /></MS></Obj>");
        assertEquals(new GetCommandMetadata(List.of("Get-*"), 511, List.of("Microsoft.WSMan.Management"), List.of()), g);
    }

    @Test
    void pipelineStateWithErrorRecord() {
        PipelineState s = viewed(PipelineState.class, PsrpMessageType.PIPELINE_STATE, "<Obj RefId=\"0\"><MS><I32 N=\"PipelineState\">5</I32>"
                + "<Obj N=\"ExceptionAsErrorRecord\" RefId=\"1\"><TN RefId=\"0\"><T>System.Management.Automation.ErrorRecord</T></TN>"
                + "<ToString>error</ToString><MS><Obj N=\"Exception\" RefId=\"2\"><TN RefId=\"1\">"
                + "<T>Microsoft.PowerShell.Commands.WriteErrorException</T><T>System.Exception</T></TN><Props><S N=\"Message\">error</S>"
                + "</Props></Obj><S N=\"FullyQualifiedErrorId\">Microsoft.PowerShell.Commands.WriteErrorException</S>"
                + "<I32 N=\"ErrorCategory_Category\">0</I32><S N=\"ErrorCategory_Message\">NotSpecified: (:) [Write-Error], "
                + "WriteErrorException</S></MS></Obj></MS></Obj>");
        assertEquals(5, s.state());
        assertEquals("Failed", s.stateName());
        assertEquals(new ErrorRecord("error", "Microsoft.PowerShell.Commands.WriteErrorException",
                "Microsoft.PowerShell.Commands.WriteErrorException", 0, "NotSpecified",
                "NotSpecified: (:) [Write-Error], WriteErrorException"), s.exception());
        assertEquals(new PipelineState(4, "Completed", null),
                viewed(PipelineState.class, PsrpMessageType.PIPELINE_STATE, "<Obj RefId=\"0\"><MS><I32 N=\"PipelineState\">4</I32></MS></Obj>"));
        assertNull(viewed(PipelineState.class, PsrpMessageType.PIPELINE_STATE, "<Obj RefId=\"0\"><MS><I32 N=\"PipelineState\">9</I32></MS></Obj>")
                .stateName());
    }

    @Test
    void runspacePoolState() {
        assertEquals(new RunspacePoolState(2, "Opened", null), viewed(RunspacePoolState.class, PsrpMessageType.RUNSPACEPOOL_STATE,
                "<Obj RefId=\"0\"><MS><I32 N=\"RunspaceState\">2</I32></MS></Obj>"));
        assertEquals("Disconnected", viewed(RunspacePoolState.class, PsrpMessageType.RUNSPACEPOOL_STATE,
                "<Obj RefId=\"0\"><MS><I32 N=\"RunspaceState\">9</I32></MS></Obj>").stateName());
    }

    @Test
    void errorRecordPrefersErrorDetailsThenToStringThenExceptionMessage() {
        String head = "<Obj RefId=\"0\"><TN RefId=\"0\"><T>System.Management.Automation.ErrorRecord</T></TN>";
        String body = "<MS><Obj N=\"Exception\" RefId=\"1\"><Props><S N=\"Message\">from exception</S></Props></Obj>"
                + "<I32 N=\"ErrorCategory_Category\">25</I32>%s</MS></Obj>";
        assertEquals("details", viewed(ErrorRecord.class, PsrpMessageType.ERROR_RECORD, head + "<ToString>to string</ToString>"
                + String.format(body, "<S N=\"ErrorDetails_Message\">details</S>")).message());
        assertEquals("to string", viewed(ErrorRecord.class, PsrpMessageType.ERROR_RECORD, head + "<ToString>to string</ToString>"
                + String.format(body, "<Nil N=\"ErrorDetails_Message\" />")).message());
        ErrorRecord fromException = viewed(ErrorRecord.class, PsrpMessageType.ERROR_RECORD, head + String.format(body, ""));
        assertEquals("from exception", fromException.message());
        assertEquals("SecurityError", fromException.categoryName());
        assertNull(ErrorRecord.categoryName(24));
    }

    @Test
    void pipelineInputSummaries() {
        assertEquals(new PipelineInput(List.of("System.String"), "1", PsPrimitive.string("1")),
                viewed(PipelineInput.class, PsrpMessageType.PIPELINE_INPUT, "<S>1</S>"));
        PipelineInput table = viewed(PipelineInput.class, PsrpMessageType.PIPELINE_INPUT, "<Obj RefId=\"0\"><TN RefId=\"0\">"
                + "<T>System.Collections.Hashtable</T><T>System.Object</T></TN><DCT><En><S N=\"Key\">a</S><S N=\"Value\">b</S></En></DCT></Obj>");
        assertEquals(List.of("System.Collections.Hashtable", "System.Object"), table.typeNames());
        assertEquals("{a=b}", table.text());
        assertEquals("<SecureString>", viewed(PipelineInput.class, PsrpMessageType.PIPELINE_INPUT, "<SS>QUJD</SS>").text());
        assertEquals("$null", viewed(PipelineInput.class, PsrpMessageType.PIPELINE_INPUT, "<Nil />").text());
        PsrpViews small = new PsrpViews(new ClixmlReader(), 8);
        PipelineInput cut = assertInstanceOf(PipelineInput.class, ((Viewed) small.view(PsrpMessage.of(Destination.SERVER,
                PsrpMessageType.PIPELINE_INPUT, RPID, RPID, "<S>" + "x".repeat(100) + "</S>", false))).view());
        assertEquals("xxxxxxx…", cut.text());
    }

    @Test
    void messagesWithoutViewOrWithBadDataSayWhy() {
        assertEquals(new NotViewed("PIPELINE_OUTPUT"), view(PsrpMessageType.PIPELINE_OUTPUT, "<S>x</S>"));
        ViewRejected malformed = assertInstanceOf(ViewRejected.class, view(PsrpMessageType.CREATE_PIPELINE, "<Obj>"));
        assertEquals(DecodeProblem.Kind.MALFORMED_XML, malformed.problem().kind());
        ViewRejected notObject = assertInstanceOf(ViewRejected.class, view(PsrpMessageType.PIPELINE_STATE, "<S>x</S>"));
        assertTrue(notObject.problem().detail().contains("not a complex object"));
        assertEquals("CREATE_PIPELINE", malformed.messageType());
        PsrpMessage unknown = new PsrpMessage(1, 0x7777, new byte[16], new byte[16], new byte[0], false);
        assertEquals(new NotViewed("UNKNOWN(0x00007777)"), views.view(unknown));
    }
}
