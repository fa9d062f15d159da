package dev.tapdeck.protocol.psrp.view;

import dev.tapdeck.protocol.clixml.PsObject;
import dev.tapdeck.protocol.clixml.PsValue;
import dev.tapdeck.protocol.clixml.PsValues;

/**
 * INIT_RUNSPACEPOOL ([MS-PSRP] 2.2.2.2).
 *
 * @param minRunspaces   {@code MinRunspaces}
 * @param maxRunspaces   {@code MaxRunspaces}
 * @param threadOptions  {@code PSThreadOptions} as its ToString (e.g. Default), null when absent
 * @param apartmentState {@code ApartmentState} as its ToString (e.g. UNKNOWN), null when absent
 */
public record InitRunspacePool(Integer minRunspaces, Integer maxRunspaces, String threadOptions, String apartmentState)
        implements PsrpView {

    static InitRunspacePool from(PsObject o) {
        return new InitRunspacePool(PsValues.integer(o.property("MinRunspaces")), PsValues.integer(o.property("MaxRunspaces")),
                enumName(o.property("PSThreadOptions")), enumName(o.property("ApartmentState")));
    }

    /** The ToString of an enum object ([MS-PSRP] 2.2.5.2.7), null otherwise. */
    static String enumName(PsValue v) {
        PsObject o = PsValues.object(v);
        return o == null ? null : o.toStringValue();
    }
}
