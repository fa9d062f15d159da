package dev.tapdeck.protocol.wsman;

/**
 * {@code rsp:CommandState} of a ReceiveResponse ([MS-WSMV] 2.2.4.9).
 *
 * @param commandId {@code CommandId} attribute: present for a command, absent for the shell
 * @param state     the State URI as sent, e.g. {@code …/CommandState/Done}
 * @param exitCode  {@code rsp:ExitCode}, null when absent
 */
public record CommandState(String commandId, String state, Long exitCode) {
    public static final String DONE = WsmanNamespaces.SHELL + "/CommandState/Done";
    public static final String RUNNING = WsmanNamespaces.SHELL + "/CommandState/Running";
    public static final String PENDING = WsmanNamespaces.SHELL + "/CommandState/Pending";

    public boolean isDone() {
        return state != null && state.trim().endsWith("/Done");
    }

    /** The last segment of the State URI ({@code Done}, {@code Running}, {@code Pending}). */
    public String shortState() {
        if (state == null) {
            return "";
        }
        String s = state.trim();
        return s.substring(s.lastIndexOf('/') + 1);
    }
}
