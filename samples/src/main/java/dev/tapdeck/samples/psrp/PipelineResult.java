package dev.tapdeck.samples.psrp;

import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValueRenderer;
import dev.tapdeck.protocol.psrp.view.ErrorRecord;

import java.util.List;

/**
 * How one pipeline run by {@link PsrpClient} ended.
 *
 * @param commandId the CommandId the server returned
 * @param state     the final PSInvocationState ([MS-PSRP] 2.2.3.5): Completed, Failed, Stopped
 * @param output    the PIPELINE_OUTPUT objects, in order
 * @param errors    the ERROR_RECORD messages, in order
 * @param reason    the {@code ExceptionAsErrorRecord} of a Failed pipeline, else null
 */
public record PipelineResult(String commandId, String state, List<PsValue> output, List<ErrorRecord> errors, ErrorRecord reason) {
    public PipelineResult {
        output = List.copyOf(output);
        errors = List.copyOf(errors);
    }

    /** Each output object on one line, as the audit shows values. */
    public List<String> outputText() {
        return output.stream().map(v -> PsValueRenderer.render(v, 4096)).toList();
    }
}
