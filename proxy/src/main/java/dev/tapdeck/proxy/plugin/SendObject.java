package dev.tapdeck.proxy.plugin;

import dev.tapdeck.protocol.session.PsrpMessageDecoded;

import java.util.List;
import java.util.Set;

/**
 * One object of a Send: one {@code rsp:Stream} element ([MS-WSMV] 2.2.4.40), in wire order. A Send with
 * several Stream elements gives one object each; the next is offered only after the previous completed.
 *
 * @param request      the Send request
 * @param stream       the stream Name, e.g. {@code stdin} or {@code pr}
 * @param flags        {@link SendFlag#NO_MORE_DATA} on the object whose element says {@code End="true"}
 * @param data         the decoded bytes of the element (a copy)
 * @param psrpMessages for PowerShell shells, the PSRP messages this element completed (bounded summaries,
 *                     e.g. the text of a PIPELINE_INPUT object); empty otherwise
 * @param index        position of the object in its Send, from 0
 * @param count        how many objects the Send has
 */
public record SendObject(SendRequest request, String stream, Set<SendFlag> flags, byte[] data,
                         List<PsrpMessageDecoded> psrpMessages, int index, int count) {
    public SendObject {
        flags = Set.copyOf(flags);
        data = data == null ? new byte[0] : data.clone();
        psrpMessages = List.copyOf(psrpMessages);
    }

    public boolean noMoreData() {
        return flags.contains(SendFlag.NO_MORE_DATA);
    }
}
