package dev.tapdeck.protocol.psrp.view;

/**
 * A typed reading of the Data of one PSRP message, for the messages an audit needs (protocol-notes C).
 * Views are lenient: a property of an unexpected type reads as null rather than failing the view.
 */
public sealed interface PsrpView
        permits SessionCapability, InitRunspacePool, CreatePipeline, GetCommandMetadata, PipelineState,
        RunspacePoolState, ErrorRecord, PipelineInput {
}
