package dev.tapdeck.protocol.wsman;

/**
 * One {@code wsman:Option} of a {@code wsman:OptionSet} ([MS-WSMV] 2.2.4.23), e.g. {@code WINRS_CONSOLEMODE_STDIN}
 * or PSRP's {@code protocolversion}.
 */
public record WsmanOption(String name, String value, boolean mustComply) {
}
