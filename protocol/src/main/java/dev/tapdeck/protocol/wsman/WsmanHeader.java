package dev.tapdeck.protocol.wsman;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The SOAP header of a WS-Man envelope, summarised ([MS-WSMV] 2.2.4; protocol-notes A.5). Every field
 * is null (or empty) when absent; text values are trimmed (OMI pads them).
 *
 * @param actionUri        {@code wsa:Action}, as sent
 * @param action           the action it names, {@link WsmanAction#Unknown} when not recognised
 * @param selectors        {@code wsman:SelectorSet}, in document order, names as sent
 * @param maxEnvelopeSize  {@code wsman:MaxEnvelopeSize} in octets, null when absent or not a number
 * @param compressionType  {@code rsp:CompressionType} (PowerShell clients send {@code xpress})
 */
public record WsmanHeader(
        String actionUri,
        WsmanAction action,
        String messageId,
        String relatesTo,
        String to,
        String replyTo,
        String resourceUri,
        Map<String, String> selectors,
        List<WsmanOption> options,
        String operationTimeout,
        Long maxEnvelopeSize,
        String locale,
        String dataLocale,
        String sessionId,
        String compressionType) {

    public WsmanHeader {
        selectors = selectors == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(selectors));
        options = options == null ? List.of() : List.copyOf(options);
        action = action == null ? WsmanAction.Unknown : action;
    }

    /**
     * A selector by name, compared case-insensitively: the wire says {@code ShellId}, the spec text
     * {@code ShellID} (protocol-notes A.5).
     */
    public Optional<String> selector(String name) {
        return selectors.entrySet().stream()
                .filter(e -> e.getKey().equalsIgnoreCase(name))
                .map(Map.Entry::getValue)
                .findFirst();
    }

    public Optional<String> shellId() {
        return selector("ShellId");
    }

    public Optional<WsmanOption> option(String name) {
        return options.stream().filter(o -> name.equalsIgnoreCase(o.name())).findFirst();
    }
}
