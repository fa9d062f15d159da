package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsNil;
import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsPrimitive;
import dev.tapdeck.protocol.clixml.PsSecureString;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValueRenderer;
import java.util.List;

/**
 * PIPELINE_INPUT ([MS-PSRP] 2.2.2.17), summarised: one object of the pipeline's input.
 *
 * @param typeNames the object's type names, most specific first (a primitive's .NET type); empty for Nil
 * @param text      the object as one line, at most the requested length ({@code <SecureString>} stays opaque)
 * @param value     the object itself
 */
public record PipelineInput(List<String> typeNames, String text, PsValue value) implements PsrpView {
    public PipelineInput {
        typeNames = List.copyOf(typeNames);
    }

    static PipelineInput from(PsValue v, int maxChars) {
        List<String> types;
        if (v instanceof PsObject o) {
            types = o.typeNames();
        } else if (v instanceof PsPrimitive p) {
            types = List.of(p.type().dotNetType());
        } else if (v instanceof PsSecureString) {
            types = List.of("System.Security.SecureString");
        } else {
            types = List.of();
        }
        return new PipelineInput(types, v instanceof PsNil ? "$null" : PsValueRenderer.render(v, maxChars), v);
    }
}
