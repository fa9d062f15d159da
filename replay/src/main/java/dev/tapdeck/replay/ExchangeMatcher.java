package dev.tapdeck.replay;

import java.util.ArrayList;
import java.util.List;

/**
 * Finds the recorded exchange a live request stands for (by normalised content and order, binding ids as
 * it goes) and explains a miss. One per replay session; thread-safe.
 */
public final class ExchangeMatcher {
    private final ReplayScript script;
    private final ReplayMode mode;
    private final IdMap ids;
    private final NormalisedMessage[] recorded;
    private final boolean[] consumed;
    private int liveRequests;

    /** What a live request came to: a {@link Match} or a {@link MissReport}. */
    public sealed interface Outcome permits Match, MissReport {
    }

    /** A live request and the recorded exchange it matched. */
    public record Match(ReplayExchange exchange, NormalisedMessage live, NormalisedMessage recorded) implements Outcome {
    }

    public ExchangeMatcher(ReplayScript script, ReplayMode mode, IdMap ids) {
        this.script = script;
        this.mode = mode;
        this.ids = ids;
        this.recorded = new NormalisedMessage[script.exchanges().size()];
        this.consumed = new boolean[recorded.length];
    }

    private NormalisedMessage recorded(int i) {
        if (recorded[i] == null) {
            recorded[i] = NormalisedMessage.of(script.exchanges().get(i).requestBody(), null);
        }
        return recorded[i];
    }

    /**
     * Matches one live request: the match (its ids now bound and the exchange consumed), or a
     * {@link MissReport}.
     */
    public synchronized Outcome offer(NormalisedMessage live) {
        liveRequests++;
        for (int i = 0; i < recorded.length; i++) {
            if (consumed[i]) {
                continue;
            }
            NormalisedMessage rec = recorded(i);
            if (rec.fields().equals(live.fields()) && ids.conflict(live.slots(), rec.slots()) == null) {
                ids.bind(live.slots(), rec.slots());
                consumed[i] = true;
                return new Match(script.exchanges().get(i), live, rec);
            }
            if (mode == ReplayMode.STRICT) {
                break;
            }
        }
        return miss(live);
    }

    private MissReport miss(NormalisedMessage live) {
        int best = -1;
        int bestScore = Integer.MAX_VALUE;
        List<FieldDiff> bestDiffs = List.of();
        String bestConflict = null;
        for (int i = 0; i < recorded.length; i++) {
            if (consumed[i]) {
                continue;
            }
            List<FieldDiff> diffs = FieldDiff.between(recorded(i), live);
            String conflict = diffs.isEmpty() ? ids.conflict(live.slots(), recorded(i).slots()) : null;
            int score = diffs.size() + (conflict != null ? 1 : 0);
            // strict mode names the request it expected, whatever the others look like
            if (mode == ReplayMode.STRICT || score < bestScore) {
                best = i;
                bestScore = score;
                bestDiffs = diffs;
                bestConflict = conflict;
                if (mode == ReplayMode.STRICT) {
                    break;
                }
            }
        }
        StringBuilder sb = new StringBuilder();
        sb.append("Tapdeck replay of ").append(script.name()).append(" (").append(mode).append("): live request #")
                .append(liveRequests).append(" (").append(live.label()).append(") matches no recorded request.\n");
        if (best < 0) {
            sb.append("Every recorded exchange (").append(recorded.length).append(") was already used.\n");
            return new MissReport(liveRequests, live.label(), -1, null, List.of(), null, sb.toString());
        }
        NormalisedMessage near = recorded(best);
        sb.append(mode == ReplayMode.STRICT ? "Expected next" : "Nearest").append(": recorded exchange ").append(best + 1)
                .append(" of ").append(recorded.length).append(" (").append(near.label()).append(")");
        sb.append(bestDiffs.isEmpty() && bestConflict == null ? "" : ", differing in:").append('\n');
        for (FieldDiff d : bestDiffs) {
            sb.append("  - ").append(d.render()).append('\n');
        }
        if (bestConflict != null) {
            sb.append("  - ids: ").append(bestConflict).append('\n');
        }
        return new MissReport(liveRequests, live.label(), best, near.label(), bestDiffs, bestConflict, sb.toString());
    }

    /** Recorded exchanges no live request used (yet). */
    public synchronized List<ReplayExchange> unconsumed() {
        List<ReplayExchange> out = new ArrayList<>();
        for (int i = 0; i < consumed.length; i++) {
            if (!consumed[i]) {
                out.add(script.exchanges().get(i));
            }
        }
        return out;
    }

    /** A line per unconsumed exchange, for reports. */
    public synchronized String describeUnconsumed() {
        StringBuilder sb = new StringBuilder();
        for (ReplayExchange x : unconsumed()) {
            sb.append("  - exchange ").append(x.index() + 1).append(" (").append(recorded(x.index()).label()).append(")\n");
        }
        return sb.toString();
    }
}
