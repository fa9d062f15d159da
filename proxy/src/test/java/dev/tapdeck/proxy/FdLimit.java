package dev.tapdeck.proxy;

import java.lang.management.ManagementFactory;

/** This JVM's open-file limit (the soft one, what the process may use), 1024 when the platform does not say. */
final class FdLimit {
    private FdLimit() {
    }

    static int soft() {
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.UnixOperatingSystemMXBean unix) {
            return (int) Math.min(Integer.MAX_VALUE, unix.getMaxFileDescriptorCount());
        }
        return 1024;
    }
}
