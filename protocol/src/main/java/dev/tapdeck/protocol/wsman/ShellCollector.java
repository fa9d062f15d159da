package dev.tapdeck.protocol.wsman;

import static dev.tapdeck.protocol.wsman.WsmanNamespaces.POWERSHELL;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.SHELL;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.TRANSFER;
import static dev.tapdeck.protocol.wsman.WsmanNamespaces.WSMAN;

import java.util.List;

import dev.tapdeck.protocol.xml.BoundedXmlReader;

/**
 * The body of a Create ({@code rsp:Shell}) or a CreateResponse ({@code x:ResourceCreated}, usually
 * followed by the server's {@code rsp:Shell}) ([MS-WSMV] 3.1.4.5; protocol-notes A.6).
 *
 * <p>A body is a CreateResponse when it has an {@code x:ResourceCreated}, or an {@code rsp:Shell} with
 * children only a server writes ({@code ShellId}, {@code ResourceUri}, {@code Owner}, {@code ClientIP}):
 * some servers may answer with the Shell alone. Values are kept as sent, including the
 * {@code uuid:}-prefixed ShellIds of old servers (winrb {@code open_shell_v1.xml}).
 */
final class ShellCollector extends BodyCollector {
    private boolean inShell;
    private boolean inResourceCreated;
    private boolean resourceCreated;
    private boolean serverShell;
    private String shellIdAttribute;
    private String name;
    private List<String> inputStreams;
    private List<String> outputStreams;
    private String workingDirectory;
    private String idleTimeOut;
    private String creationXml;
    private String shellIdElement;
    private String resourceUriElement;
    private String owner;
    private String clientIp;
    private String referenceShellId;
    private String referenceResourceUri;
    private String pendingSelector;

    @Override
    boolean readsSiblings() {
        return true; // x:ResourceCreated is followed by the server's rsp:Shell
    }

    @Override
    void started(BoundedXmlReader x, int depth) {
        if (depth == 0) {
            inShell = x.is(SHELL, "Shell");
            inResourceCreated = x.is(TRANSFER, "ResourceCreated");
            resourceCreated |= inResourceCreated;
            if (inShell && shellIdAttribute == null) {
                // [MS-PSRP] 3.1.5.3.1: PSRP clients choose the ShellId (their RunspacePool id)
                shellIdAttribute = x.attribute("ShellId");
                name = x.attribute("Name");
            }
        } else if (inResourceCreated && x.is(WSMAN, "Selector")) {
            pendingSelector = x.attribute("Name");
        }
    }

    @Override
    void ended(BoundedXmlReader x, int depth) {
        if (inShell && depth == 1) {
            shellChildEnded(x);
        } else if (inResourceCreated && depth > 0) {
            // ReferenceParameters/ResourceURI and ReferenceParameters/SelectorSet/Selector[@Name=ShellId]
            if (x.is(WSMAN, "ResourceURI") && referenceResourceUri == null) {
                referenceResourceUri = x.trimmedText();
            } else if (x.is(WSMAN, "Selector") && "ShellId".equalsIgnoreCase(pendingSelector)
                    && referenceShellId == null) {
                referenceShellId = x.trimmedText();
            }
        }
    }

    private void shellChildEnded(BoundedXmlReader x) {
        if (x.is(POWERSHELL, "creationXml")) {
            creationXml = first(creationXml, x.trimmedText());
            return;
        }
        if (!x.namespace().equals(SHELL)) {
            return;
        }
        String text = x.trimmedText();
        switch (x.localName()) {
            case "InputStreams" -> inputStreams = inputStreams != null ? inputStreams : XsdValues.tokens(text);
            case "OutputStreams" -> outputStreams = outputStreams != null ? outputStreams : XsdValues.tokens(text);
            case "WorkingDirectory" -> workingDirectory = first(workingDirectory, text);
            case "IdleTimeOut" -> idleTimeOut = first(idleTimeOut, text);
            case "ShellId" -> shellIdElement = serverChild(shellIdElement, text);
            case "ResourceUri" -> resourceUriElement = serverChild(resourceUriElement, text);
            case "Owner" -> owner = serverChild(owner, text);
            case "ClientIP" -> clientIp = serverChild(clientIp, text);
            default -> { }
        }
    }

    private String serverChild(String current, String text) {
        serverShell = true;
        return first(current, text);
    }

    private static String first(String current, String candidate) {
        return current != null ? current : candidate;
    }

    @Override
    WsmanBody body() {
        if (resourceCreated || serverShell) {
            return new WsmanBody.CreateResponse(first(referenceShellId, shellIdElement),
                    first(referenceResourceUri, resourceUriElement), owner, clientIp);
        }
        return new WsmanBody.Shell(shellIdAttribute, name, inputStreams, outputStreams, workingDirectory, idleTimeOut,
                creationXml);
    }
}
