package dev.tapdeck.protocol.psrp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.tapdeck.protocol.clixml.ClixmlDecoded.ClixmlParsed;
import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.clixml.ClixmlWriter;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.corpus.PypsrpRecordings;
import dev.tapdeck.protocol.corpus.Recording;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The CLIXML writer against every PSRP message of the pypsrp recordings (real PowerShell 5.1 servers and
 * the pypsrp client): reading the Data and writing it back gives a value that reads the same, and for
 * Data written by PowerShell's own serializer the very same text.
 */
class ClixmlCorpusRoundTripTest {
    private final ClixmlReader reader = new ClixmlReader();

    @Test
    void everyCorpusMessageRoundTrips() {
        int messages = 0;
        int serverMessages = 0;
        List<String> differing = new ArrayList<>();
        for (Recording r : PypsrpRecordings.all()) {
            for (PsrpCorpusScan.Found f : PsrpCorpusScan.scan(r).messages()) {
                byte[] data = f.message().data();
                if (data.length == 0) {
                    continue; // END_OF_PIPELINE_INPUT
                }
                messages++;
                PsValue value = assertInstanceOf(ClixmlParsed.class, reader.read(data), r.name()).value();
                String written = ClixmlWriter.write(value);
                PsValue again = assertInstanceOf(ClixmlParsed.class, reader.read(written), written).value();
                assertEquals(value, again, () -> r.name() + " " + f.message().typeName() + ":\n" + written);
                if (f.direction() == PsrpDirection.SERVER_TO_CLIENT) {
                    serverMessages++;
                    if (!written.equals(f.message().dataText())) {
                        differing.add(r.name() + " " + f.message().typeName() + "\n" + f.message().dataText() + "\n" + written);
                    }
                }
            }
        }
        // PowerShell's serializer wrote the server side: the writer reproduces it to the byte
        assertEquals(List.of(), differing.subList(0, Math.min(3, differing.size())), differing.size() + " differ");
        assertTrue(messages > 600 && serverMessages > 300, messages + " messages, " + serverMessages + " from servers");
    }
}
