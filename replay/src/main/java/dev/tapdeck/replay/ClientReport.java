package dev.tapdeck.replay;

import java.util.List;

/**
 * What a replay client found: per recorded exchange that went differently, why.
 *
 * @param name       the recording
 * @param exchanges  recorded exchanges
 * @param sent       requests sent
 * @param mismatches exchanges whose live response differs from the recorded one after normalisation
 */
public record ClientReport(String name, int exchanges, int sent, List<Mismatch> mismatches) {
    public ClientReport {
        mismatches = List.copyOf(mismatches);
    }

    /**
     * One exchange whose live response differs.
     *
     * @param index       recorded exchange, from 0
     * @param action      the request's action
     * @param problem     a status, transport or correlation difference, null when only fields differ
     * @param differences the response fields that differ
     * @param idConflict  why the live ids do not fit the recorded ones, null when they do
     */
    public record Mismatch(int index, String action, String problem, List<FieldDiff> differences, String idConflict) {
        public Mismatch {
            differences = List.copyOf(differences);
        }
    }

    public boolean clean() {
        return mismatches.isEmpty() && sent == exchanges;
    }

    /** A readable report: one summary line, then each mismatch with its differing fields. */
    public String render() {
        StringBuilder sb = new StringBuilder();
        sb.append("Replay of ").append(name).append(": ").append(sent).append(" of ").append(exchanges)
                .append(" requests sent, ").append(mismatches.size()).append(mismatches.size() == 1 ? " mismatch" : " mismatches")
                .append('\n');
        for (Mismatch m : mismatches) {
            sb.append("exchange ").append(m.index() + 1).append(" (").append(m.action()).append(")\n");
            if (m.problem() != null) {
                sb.append("  - ").append(m.problem()).append('\n');
            }
            for (FieldDiff d : m.differences()) {
                sb.append("  - ").append(d.render()).append('\n');
            }
            if (m.idConflict() != null) {
                sb.append("  - ids: ").append(m.idConflict()).append('\n');
            }
        }
        return sb.toString();
    }
}
