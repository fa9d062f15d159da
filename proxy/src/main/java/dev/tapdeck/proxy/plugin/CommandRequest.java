package dev.tapdeck.proxy.plugin;

import dev.tapdeck.protocol.session.PsrpMessageDecoded;

import java.util.List;

/**
 * A Command request ([MS-WSMV] 3.1.4.12), the counterpart of WSMAN_PLUGIN_COMMAND: for a WinRS shell the
 * command line and its arguments; for a PowerShell shell the CREATE_PIPELINE (or GET_COMMAND_METADATA) its
 * Arguments carried, whose {@link PsrpMessageDecoded#summary()} is the pipeline's text.
 *
 * @param request      the request details ({@code commandId} is the client's proposal, often null)
 * @param command      {@code rsp:Command} (empty for PowerShell, [MS-PSRP] 3.1.5.3.3)
 * @param arguments    {@code rsp:Arguments}, in order (base64 PSRP fragments for PowerShell)
 * @param psrpMessages the PSRP messages completed by the Arguments (PowerShell shells)
 */
public record CommandRequest(SendRequest request, String command, List<String> arguments,
                             List<PsrpMessageDecoded> psrpMessages) {
    public CommandRequest {
        arguments = List.copyOf(arguments);
        psrpMessages = List.copyOf(psrpMessages);
    }
}
