package dev.tapdeck.protocol.psrp;

import static dev.tapdeck.protocol.psrp.FragmentDecoderTest.FETCH_FILE_ARGUMENTS_61;
import static dev.tapdeck.protocol.psrp.FragmentDecoderTest.rules;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.psrp.PsrpMessageResult.MessageDecoded;
import dev.tapdeck.protocol.psrp.PsrpMessageResult.MessageRejected;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class PsrpMessageCodecTest {
    private static final HexFormat HEX = HexFormat.of();
    private static final UUID RPID = UUID.fromString("8476A866-BDDE-4616-A461-550AC92B1C20");
    private static final UUID PID = UUID.fromString("13E829FC-384D-41C8-88BF-933C03FC2C53");

    @Test
    void workedExampleHeaderDecodesToCreatePipelineWithDotNetGuids() {
        byte[] header = HEX.parseHex(FETCH_FILE_ARGUMENTS_61.substring(42)); // the 40 bytes after the fragment header

        MessageDecoded decoded = assertInstanceOf(MessageDecoded.class, PsrpMessageCodec.decode(header, PsrpDirection.CLIENT_TO_SERVER));

        PsrpMessage m = decoded.message();
        assertEquals(List.of(), decoded.violations());
        assertEquals(Destination.SERVER, m.destinationKind());
        assertEquals(PsrpMessageType.CREATE_PIPELINE, m.type());
        assertEquals(0x00021006, m.messageType());
        assertEquals(RPID, m.rpid());
        assertEquals(PID, m.pid());
        assertEquals("66a87684debd1646a461550ac92b1c20", HEX.formatHex(m.rpidBytes()));
        assertEquals(DotNetGuid.Layout.DOT_NET, DotNetGuid.layoutOf(m.rpidBytes(), RPID));
        assertEquals(0, m.data().length);
        assertFalse(m.bom());
    }

    @Test
    void encodesHeaderLittleEndianWithOrWithoutBom() {
        PsrpMessage withBom = PsrpMessage.of(Destination.CLIENT, PsrpMessageType.PIPELINE_STATE, RPID, PID, "<S/>", true);
        assertEquals("01000000" + "06100400" + "66a87684debd1646a461550ac92b1c20" + "fc29e8134d38c84188bf933c03fc2c53"
                + "efbbbf" + "3c532f3e", HEX.formatHex(PsrpMessageCodec.encode(withBom)));

        PsrpMessage without = PsrpMessage.of(Destination.CLIENT, PsrpMessageType.PIPELINE_STATE, RPID, PID, "<S/>", false);
        assertEquals(44, PsrpMessageCodec.encode(without).length);

        for (PsrpMessage m : List.of(withBom, without)) {
            MessageDecoded back = assertInstanceOf(MessageDecoded.class, PsrpMessageCodec.decode(PsrpMessageCodec.encode(m)));
            assertEquals(m, back.message());
            assertEquals("<S/>", back.message().dataText());
            assertEquals(List.of(), back.violations());
        }
    }

    @Test
    void bomIsStrippedOnlyWhenAllThreeBytesArePresent() {
        byte[] bytes = PsrpMessageCodec.encode(PsrpMessage.of(Destination.SERVER, PsrpMessageType.PIPELINE_INPUT, RPID, PID, "", false));
        byte[] partial = new byte[bytes.length + 2];
        System.arraycopy(bytes, 0, partial, 0, bytes.length);
        partial[40] = (byte) 0xEF;
        partial[41] = (byte) 0xBB;
        PsrpMessage m = ((MessageDecoded) PsrpMessageCodec.decode(partial)).message();
        assertFalse(m.bom());
        assertArrayEquals(new byte[] {(byte) 0xEF, (byte) 0xBB}, m.data());
    }

    @Test
    void shorterThanTheHeaderIsRejected() {
        for (int length = 0; length < PsrpMessage.HEADER_LENGTH; length++) {
            MessageRejected rejected = assertInstanceOf(MessageRejected.class, PsrpMessageCodec.decode(new byte[length]));
            assertEquals(PsrpRule.MESSAGE_TOO_SHORT, rejected.violation().rule());
            assertEquals(length, rejected.length());
        }
    }

    @Test
    void invalidDestinationIsReported() {
        byte[] bytes = PsrpMessageCodec.encode(PsrpMessage.of(Destination.SERVER, PsrpMessageType.PIPELINE_INPUT, RPID, PID, "", false));
        bytes[0] = 3;
        MessageDecoded decoded = (MessageDecoded) PsrpMessageCodec.decode(bytes, PsrpDirection.CLIENT_TO_SERVER);
        assertEquals(List.of(PsrpRule.DESTINATION_INVALID), rules(decoded.violations()));
        assertNull(decoded.message().destinationKind());
        assertEquals(3, decoded.message().destination());
    }

    @Test
    void destinationMustMatchTheDirectionItWasSent() {
        byte[] toServer = PsrpMessageCodec.encode(PsrpMessage.of(Destination.SERVER, PsrpMessageType.SESSION_CAPABILITY, RPID, PID, "", false));
        assertEquals(List.of(), ((MessageDecoded) PsrpMessageCodec.decode(toServer, PsrpDirection.CLIENT_TO_SERVER)).violations());
        MessageDecoded wrong = (MessageDecoded) PsrpMessageCodec.decode(toServer, PsrpDirection.SERVER_TO_CLIENT);
        assertEquals(List.of(PsrpRule.DESTINATION_MISMATCH), rules(wrong.violations()));
    }

    @Test
    void messageTypeMustTravelInItsDirection() {
        byte[] output = PsrpMessageCodec.encode(PsrpMessage.of(Destination.SERVER, PsrpMessageType.PIPELINE_OUTPUT, RPID, PID, "", false));
        // inferred from Destination when the sender is unknown
        assertEquals(List.of(PsrpRule.MESSAGE_TYPE_WRONG_DIRECTION), rules(((MessageDecoded) PsrpMessageCodec.decode(output)).violations()));
        assertEquals(List.of(PsrpRule.MESSAGE_TYPE_WRONG_DIRECTION),
                rules(((MessageDecoded) PsrpMessageCodec.decode(output, PsrpDirection.CLIENT_TO_SERVER)).violations()));
        byte[] fine = PsrpMessageCodec.encode(PsrpMessage.of(Destination.CLIENT, PsrpMessageType.PIPELINE_OUTPUT, RPID, PID, "", false));
        assertEquals(List.of(), ((MessageDecoded) PsrpMessageCodec.decode(fine, PsrpDirection.SERVER_TO_CLIENT)).violations());
    }

    @Test
    void unknownMessageTypeIsKeptRaw() {
        byte[] bytes = PsrpMessageCodec.encode(PsrpMessage.of(Destination.CLIENT, PsrpMessageType.PIPELINE_OUTPUT, RPID, PID, "x", true));
        bytes[4] = 0x77;
        MessageDecoded decoded = (MessageDecoded) PsrpMessageCodec.decode(bytes, PsrpDirection.SERVER_TO_CLIENT);
        assertEquals(List.of(PsrpRule.MESSAGE_TYPE_UNKNOWN), rules(decoded.violations()));
        assertNull(decoded.message().type());
        assertEquals(0x00041077, decoded.message().messageType());
        assertEquals("UNKNOWN(0x00041077)", decoded.message().typeName());
        assertArrayEquals(bytes, PsrpMessageCodec.encode(decoded.message()));
    }

    @Test
    void everyMessageTypeOfTheSpecTableIsPresentWithItsValueDirectionAndTarget() {
        // [MS-PSRP] 2.2.1 table, transcribed: name, value, direction (C client->server, S server->client, B both), target
        String table = """
                SESSION_CAPABILITY 00010002 B P
                INIT_RUNSPACEPOOL 00010004 C P
                PUBLIC_KEY 00010005 C P
                ENCRYPTED_SESSION_KEY 00010006 S P
                PUBLIC_KEY_REQUEST 00010007 S P
                CONNECT_RUNSPACEPOOL 00010008 C P
                RUNSPACEPOOL_INIT_DATA 0002100B S P
                RESET_RUNSPACE_STATE 0002100C C P
                SET_MAX_RUNSPACES 00021002 C P
                SET_MIN_RUNSPACES 00021003 C P
                RUNSPACE_AVAILABILITY 00021004 S P
                RUNSPACEPOOL_STATE 00021005 S P
                CREATE_PIPELINE 00021006 C P
                GET_AVAILABLE_RUNSPACES 00021007 C P
                USER_EVENT 00021008 S P
                APPLICATION_PRIVATE_DATA 00021009 S P
                GET_COMMAND_METADATA 0002100A C P
                RUNSPACEPOOL_HOST_CALL 00021100 S P
                RUNSPACEPOOL_HOST_RESPONSE 00021101 C P
                PIPELINE_INPUT 00041002 C L
                END_OF_PIPELINE_INPUT 00041003 C L
                PIPELINE_OUTPUT 00041004 S L
                ERROR_RECORD 00041005 S L
                PIPELINE_STATE 00041006 S LP
                DEBUG_RECORD 00041007 S L
                VERBOSE_RECORD 00041008 S L
                WARNING_RECORD 00041009 S L
                PROGRESS_RECORD 00041010 S L
                INFORMATION_RECORD 00041011 S L
                PIPELINE_HOST_CALL 00041100 S L
                PIPELINE_HOST_RESPONSE 00041101 C L
                """;
        Set<PsrpMessageType> seen = new HashSet<>();
        for (String line : table.strip().split("\n")) {
            String[] f = line.trim().split(" ");
            PsrpMessageType t = PsrpMessageType.fromValue(Integer.parseUnsignedInt(f[1], 16));
            assertEquals(f[0], t.name());
            assertEquals(switch (f[2]) { case "C" -> PsrpDirection.CLIENT_TO_SERVER; case "S" -> PsrpDirection.SERVER_TO_CLIENT;
                default -> PsrpDirection.BIDIRECTIONAL; }, t.direction(), f[0]);
            assertEquals(switch (f[3]) { case "P" -> PsrpTarget.RUNSPACEPOOL; case "L" -> PsrpTarget.PIPELINE;
                default -> PsrpTarget.PIPELINE_OR_RUNSPACEPOOL; }, t.target(), f[0]);
            assertTrue(seen.add(t));
        }
        assertEquals(Set.of(PsrpMessageType.values()), seen);
    }

    @Test
    void dotNetGuidLayoutSwapsTheFirstThreeGroups() {
        assertArrayEquals(HEX.parseHex("66a87684debd1646a461550ac92b1c20"), DotNetGuid.toBytes(RPID));
        assertArrayEquals(HEX.parseHex("8476a866bdde4616a461550ac92b1c20"), DotNetGuid.toRfc4122Bytes(RPID));
        assertEquals(RPID, DotNetGuid.fromBytes(DotNetGuid.toBytes(RPID), 0));
        assertEquals(DotNetGuid.Layout.RFC_4122, DotNetGuid.layoutOf(DotNetGuid.toRfc4122Bytes(RPID), RPID));
        assertNull(DotNetGuid.layoutOf(DotNetGuid.toBytes(PID), RPID));
        assertTrue(PsrpMessage.of(Destination.CLIENT, PsrpMessageType.RUNSPACEPOOL_STATE, RPID, new UUID(0, 0), "", true).pidIsZero());
    }

    @Test
    void toStringNeverShowsData() {
        PsrpMessage m = PsrpMessage.of(Destination.SERVER, PsrpMessageType.CREATE_PIPELINE, RPID, PID, "<S>secret</S>", false);
        assertFalse(m.toString().contains("secret"), m.toString());
        assertTrue(m.toString().contains("CREATE_PIPELINE"));
    }
}
