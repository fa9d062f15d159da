package dev.tapdeck.protocol.psrp;

/** What a PSRP message is addressed to ([MS-PSRP] 2.2.1 "Target"). */
public enum PsrpTarget {
    RUNSPACEPOOL,
    PIPELINE,
    /** PIPELINE_STATE only: "pipeline or RunspacePool". */
    PIPELINE_OR_RUNSPACEPOOL
}
