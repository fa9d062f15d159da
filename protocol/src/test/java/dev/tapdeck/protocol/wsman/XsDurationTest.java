package dev.tapdeck.protocol.wsman;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Optional;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The OperationTimeout and IdleTimeOut values real clients and servers send (protocol-notes A.5). */
class XsDurationTest {
    @Test
    void parsesWhatRealPeersSend() {
        assertEquals(Optional.of(Duration.ofSeconds(20)), XsDuration.parse("PT20S"));       // pywinrm, pypsrp
        assertEquals(Optional.of(Duration.ofSeconds(60)), XsDuration.parse("PT60S"));       // winrm4j
        assertEquals(Optional.of(Duration.ofMinutes(1)), XsDuration.parse("PT1M"));         // winrmcp
        assertEquals(Optional.of(Duration.ofSeconds(180)), XsDuration.parse(" PT180.000S ")); // pwsh, padded
        assertEquals(Optional.of(Duration.ofMillis(1500)), XsDuration.parse("PT1.5S"));
        assertEquals(Optional.of(Duration.ZERO), XsDuration.parse("P0DT0H0M0S"));           // rsp:ShellRunTime
        assertEquals(Optional.of(Duration.ofDays(1).plusHours(2)), XsDuration.parse("P1DT2H"));
    }

    @Test
    void refusesWhatCannotBeATimeout() {
        for (String bad : new String[]{"PT-1S", "-PT1S", "P1Y", "P2M", "P", "PT", "20", "", "PTS", "garbage"}) {
            assertEquals(Optional.empty(), XsDuration.parse(bad), bad);
        }
        assertEquals(Optional.empty(), XsDuration.parse(null));
    }

    @Test
    void formatsTheWayWindowsWritesIdleTimeOut() {
        assertEquals("PT7200.000S", XsDuration.format(Duration.ofHours(2)));
        assertEquals("PT1.500S", XsDuration.format(Duration.ofMillis(1500)));
        assertEquals(Optional.of(Duration.ofHours(2)), XsDuration.parse(XsDuration.format(Duration.ofHours(2))));
    }
}
