package dev.tapdeck.protocol.session;

import dev.tapdeck.protocol.clixml.ClixmlReader;
import dev.tapdeck.protocol.psrp.DefragmentEvent.ReassemblyDropped;
import dev.tapdeck.protocol.psrp.Fragment;
import dev.tapdeck.protocol.psrp.FragmentDecoder;
import dev.tapdeck.protocol.psrp.FragmentsDecoded;
import dev.tapdeck.protocol.psrp.PsrpMessage;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler;
import dev.tapdeck.protocol.psrp.PsrpMessageAssembler.AssembledMessage;
import dev.tapdeck.protocol.psrp.PsrpRule;
import dev.tapdeck.protocol.psrp.view.PsrpView;
import dev.tapdeck.protocol.psrp.view.PsrpViewResult;
import dev.tapdeck.protocol.psrp.view.PsrpViews;
import dev.tapdeck.protocol.rules.Violation;
import dev.tapdeck.protocol.wsman.DecodeProblem;

import java.util.ArrayList;
import java.util.List;

/**
 * Decodes one payload into PSRP messages for a RunspacePool: fragments one at a time, each shown to the
 * carrier rules with the header of the message it belongs to (read from its own blob for a Start fragment,
 * from the bytes gathered so far for a continuation), then fed to the assembler; each completed message
 * is read into its view and summarised. Stateless apart from the assembler it is given.
 */
final class PsrpDecoding {
    /** A carrier rule, shown every fragment before it is fed. */
    interface FragmentRule {
        void check(PsrpPayloads.Payload payload, Fragment fragment, boolean start, MessageHead head, List<Violation> out);
    }

    private final PsrpViews views;
    private final ClixmlReader clixml;
    private final AuditOptions options;

    PsrpDecoding(AuditOptions options) {
        this.options = options;
        this.clixml = new ClixmlReader();
        this.views = new PsrpViews(clixml, options.maxValueChars());
    }

    List<DecodedMessage> decode(RunspacePool pool, PsrpMessageAssembler assembler, PsrpPayloads.Payload payload,
                                FragmentRule rule, List<Violation> violations, List<DecodeProblem> problems) {
        FragmentsDecoded split = FragmentDecoder.decode(payload.data());
        violations.addAll(split.violations());
        List<DecodedMessage> out = new ArrayList<>();
        for (Fragment f : split.fragments()) {
            // [MS-PSRP] 2.2.4: the Start fragment (FragmentId 0) begins with the message header
            boolean start = f.start() || f.fragmentId() == 0;
            MessageHead head = MessageHead.peek(start ? f.blob() : assembler.openPrefix(f.objectId(), PsrpMessage.HEADER_LENGTH));
            rule.check(payload, f, start, head, violations);
            PsrpMessageAssembler.Assembled assembled = assembler.accept(f);
            violations.addAll(assembled.violations());
            for (ReassemblyDropped d : assembled.drops()) {
                if (d.reason() != dev.tapdeck.protocol.psrp.DefragmentEvent.Reason.RULE_BROKEN) {
                    problems.add(new DecodeProblem(DecodeProblem.Kind.LIMIT_EXCEEDED, "PSRP ObjectId "
                            + Long.toUnsignedString(d.objectId()) + " dropped: " + d.detail()));
                }
            }
            for (AssembledMessage m : assembled.messages()) {
                out.add(message(pool, payload, m, violations));
            }
        }
        return out;
    }

    private DecodedMessage message(RunspacePool pool, PsrpPayloads.Payload payload, AssembledMessage assembled,
                                   List<Violation> violations) {
        PsrpMessage m = assembled.message();
        PsrpView view = null;
        PsrpSummaries.HostResponse host = null;
        if (PsrpSummaries.isHostResponse(m.type())) {
            host = PsrpSummaries.hostResponse(clixml, m, options.maxValueChars());
        } else if (PsrpViews.hasView(m.type())) {
            PsrpViewResult r = views.view(m);
            if (r instanceof PsrpViewResult.Viewed viewed) {
                view = viewed.view();
            } else if (r instanceof PsrpViewResult.ViewRejected rejected) {
                // [MS-PSRP] 2.2.5: the Data is a serialized object of the kind the MessageType names
                violations.add(new Violation(PsrpRule.MESSAGE_DATA_MALFORMED, m.typeName() + " ObjectId "
                        + Long.toUnsignedString(assembled.objectId()), rejected.problem().detail()));
            }
        }
        PsrpMessageDecoded event = new PsrpMessageDecoded(payload.carrier(), payload.stream(), payload.commandId(),
                m.typeName(), m.destination(), pool.guid(m.rpidBytes()), m.pidIsZero() ? null : pool.guid(m.pidBytes()),
                assembled.objectId(), assembled.fragmentCount(), m.encodedLength(),
                PsrpSummaries.summary(m, view, host, options.redactHostResponses()));
        return new DecodedMessage(event, m, view, host, payload);
    }
}
