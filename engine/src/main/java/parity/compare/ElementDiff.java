package parity.compare;

/**
 * One element of a compared tensor: the candidate's value a, the reference's value b,
 * {@code abs = |a - b|} and {@code rel = |a - b| / |b|} (+Infinity where b = 0 and a ≠ b; NaN stays NaN).
 *
 * @param index the element's index as written in reports, {@code [i][j]}, {@code [i]} or empty for a scalar
 */
public record ElementDiff(String index, double candidate, double reference, double abs, double rel) {

    static ElementDiff of(String index, double candidate, double reference) {
        double abs = Math.abs(candidate - reference);
        double rel = abs == 0 ? 0 : abs / Math.abs(reference);
        return new ElementDiff(index, candidate, reference, abs, rel);
    }
}
