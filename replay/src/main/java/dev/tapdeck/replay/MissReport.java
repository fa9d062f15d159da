package dev.tapdeck.replay;

import java.util.List;

/**
 * A live request that matched no recorded one, and why: the nearest recorded request and the fields
 * that differ.
 *
 * @param liveRequest    number of the live request in this replay, from 1
 * @param liveAction     its action ("Receive"…), or what it was when not WS-Man
 * @param nearest        index of the nearest unconsumed recorded exchange, -1 when none is left
 * @param nearestAction  the nearest one's action
 * @param differences    the fields that differ from the nearest one
 * @param idConflict     why the ids do not fit (bound to other ids), null when they do
 * @param text           the whole report
 */
public record MissReport(int liveRequest, String liveAction, int nearest, String nearestAction,
                         List<FieldDiff> differences, String idConflict, String text) implements ExchangeMatcher.Outcome {
    public MissReport {
        differences = List.copyOf(differences);
    }

    @Override
    public String toString() {
        return text;
    }
}
