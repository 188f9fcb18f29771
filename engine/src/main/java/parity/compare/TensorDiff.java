package parity.compare;

import java.util.Arrays;
import java.util.BitSet;
import parity.api.Tensor;
import parity.api.Tolerance;

/**
 * The element-by-element comparison of one tensor (the loss, dW1, …) of a candidate against the
 * reference. Shapes are compared first; then element i passes when
 * {@code |a_i - b_i| <= atol + rtol * |b_i|}, b being the reference. NaN or ±Inf on either side fails.
 *
 * @param size the number of elements of the reference
 * @param compared how many of them were compared: all, unless the reference estimated only some
 *     (finite differences on a large fixture, or skipped at a ReLU kink)
 * @param mismatched the number of elements out of tolerance (every element when shapes differ)
 * @param maxAbs the element with the greatest |a - b| over the whole tensor (non-finite counts as greatest)
 * @param maxRel the element with the greatest |a - b| / |b|
 * @param worst the element that needs the largest rtol to pass, nearest to failing or farthest beyond
 * @param worstAbsMismatch among mismatched elements, the greatest |a - b|; null when none mismatch
 * @param worstRelMismatch among mismatched elements, the greatest |a - b| / |b|; null when none mismatch
 * @param smallestPassingRtol the least rtol at which every element would pass with this atol;
 *     +Infinity when none would (an element off by more than atol where b = 0, or a non-finite value)
 * @param errors where the error lies, block by block, for the HTML report's heatmap; null when shapes
 *     differ or no element was compared
 * @param worstAllowed under a {@linkplain parity.rounding.RoundingBound rounding bound}, what the
 *     {@code worst} element (then the one farthest into its own allowance) was allowed; NaN under a
 *     fixed tolerance
 */
public record TensorDiff(
        String tensor,
        int[] candidateShape,
        int[] referenceShape,
        Tolerance tolerance,
        int size,
        int compared,
        int mismatched,
        ElementDiff maxAbs,
        ElementDiff maxRel,
        ElementDiff worst,
        ElementDiff worstAbsMismatch,
        ElementDiff worstRelMismatch,
        double smallestPassingRtol,
        ErrorMap errors,
        double worstAllowed) {

    /**
     * Compares every element under the tolerance's rule.
     *
     * @param tensor its name: {@code loss}, {@code dW1}, …
     * @param candidate a, the candidate's value
     * @param reference b, the reference's value
     * @param tolerance rtol and atol
     * @return the comparison
     */
    public static TensorDiff of(String tensor, Tensor candidate, Tensor reference, Tolerance tolerance) {
        BitSet all = new BitSet(reference.size());
        all.set(0, reference.size());
        return of(tensor, candidate, reference, tolerance, all);
    }

    /**
     * Compares only the elements in {@code compared}; the others count neither as a pass nor a fail.
     *
     * @param tensor its name: {@code loss}, {@code dW1}, …
     * @param candidate a, the candidate's value
     * @param reference b, the reference's value
     * @param tolerance rtol and atol
     * @param compared the flat indices of the elements to compare
     * @return the comparison
     */
    public static TensorDiff of(String tensor, Tensor candidate, Tensor reference, Tolerance tolerance,
            BitSet compared) {
        return of(tensor, candidate, reference, tolerance, compared, null);
    }

    /**
     * Element i passes when {@code |a_i - b_i| <= allowed[i]}, its own allowance from a rounding bound,
     * instead of the tolerance's rule (null: the tolerance's rule); {@code worst} is then the element
     * farthest into its allowance, |a_i - b_i| / allowed[i].
     *
     * @param tensor its name: {@code loss}, {@code dW1}, …
     * @param candidate a, the candidate's value
     * @param reference b, the reference's value
     * @param tolerance rtol and atol, kept for the smallest passing rtol
     * @param compared the flat indices of the elements to compare
     * @param allowed each element's allowance, by flat index, or null for the tolerance's rule
     * @return the comparison
     */
    public static TensorDiff of(String tensor, Tensor candidate, Tensor reference, Tolerance tolerance,
            BitSet compared, double[] allowed) {
        if (!Arrays.equals(candidate.shape(), reference.shape())) {
            return new TensorDiff(tensor, candidate.shape(), reference.shape(), tolerance, reference.size(),
                    reference.size(), reference.size(), null, null, null, null, null, Double.POSITIVE_INFINITY, null,
                    Double.NaN);
        }
        int mismatched = 0;
        ElementDiff maxAbs = null;
        ElementDiff maxRel = null;
        ElementDiff worst = null;
        ElementDiff worstAbsMismatch = null;
        ElementDiff worstRelMismatch = null;
        double worstRtol = -1;
        double smallestPassingRtol = 0;
        double worstAllowed = Double.NaN;
        ErrorMap.Builder errors = new ErrorMap.Builder(reference);
        for (int i = compared.nextSetBit(0); i >= 0; i = compared.nextSetBit(i + 1)) {
            double a = candidate.get(i);
            double b = reference.get(i);
            double abs = Math.abs(a - b);
            double rel = abs == 0 ? 0 : abs / Math.abs(b);
            double ratio = allowed == null ? tolerance.errorRatio(a, b) : Tolerance.errorRatio(a, b, allowed[i]);
            double passingRtol = tolerance.smallestPassingRtol(a, b);
            smallestPassingRtol = Math.max(smallestPassingRtol, passingRtol);
            // Under a bound the worst element is the one farthest into its own allowance.
            double rtolNeeded = allowed == null ? passingRtol : ratio;
            errors.add(i, a, b, ratio);
            boolean within = ratio <= 1;
            if (!within) {
                mismatched++;
            }
            boolean takesMaxAbs = exceeds(abs, maxAbs, ElementDiff::abs);
            boolean takesMaxRel = exceeds(rel, maxRel, ElementDiff::rel);
            boolean takesWorst = worst == null || rtolNeeded > worstRtol || (rtolNeeded == worstRtol && abs > worst.abs());
            boolean takesAbsMismatch = !within && exceeds(abs, worstAbsMismatch, ElementDiff::abs);
            boolean takesRelMismatch = !within && exceeds(rel, worstRelMismatch, ElementDiff::rel);
            // Most elements are none of these: the element and its index text are made only for those that are.
            if (takesMaxAbs || takesMaxRel || takesWorst || takesAbsMismatch || takesRelMismatch) {
                ElementDiff element = ElementDiff.of(reference.indexText(i), a, b);
                maxAbs = takesMaxAbs ? element : maxAbs;
                maxRel = takesMaxRel ? element : maxRel;
                worstAbsMismatch = takesAbsMismatch ? element : worstAbsMismatch;
                worstRelMismatch = takesRelMismatch ? element : worstRelMismatch;
                if (takesWorst) {
                    worst = element;
                    worstRtol = rtolNeeded;
                    worstAllowed = allowed == null ? Double.NaN : allowed[i];
                }
            }
        }
        return new TensorDiff(tensor, candidate.shape(), reference.shape(), tolerance, reference.size(),
                compared.cardinality(), mismatched, maxAbs, maxRel, worst, worstAbsMismatch, worstRelMismatch, smallestPassingRtol,
                errors.build(), worstAllowed);
    }

    /**
     * Whether a rounding bound, not a fixed tolerance, decided this tensor.
     *
     * @return true under a rounding bound
     */
    public boolean bounded() {
        return !Double.isNaN(worstAllowed);
    }

    /**
     * Whether both sides have the same shape.
     *
     * @return true when they do
     */
    public boolean shapesAgree() {
        return Arrays.equals(candidateShape, referenceShape);
    }

    /**
     * Whether the shapes agree and no compared element is out of tolerance.
     *
     * @return true when it passes
     */
    public boolean passed() {
        return shapesAgree() && mismatched == 0;
    }

    /**
     * PASS, FAIL, or NOT CHECKED for a tensor none of whose elements was compared (finite differences
     * skipped them all): it neither passes nor fails, and does not fail its pair.
     *
     * @return the status, in capitals
     */
    public String status() {
        if (!passed()) {
            return "FAIL";
        }
        return hasElements() ? "PASS" : "NOT CHECKED";
    }

    /**
     * Whether every compared element agrees by the relative term alone, {@code |a - b| <= rtol·|b|}: an
     * agreement that does not rest on atol, which lets a value near 0 differ from its reference by any
     * ratio, and so says little about what it was computed from.
     *
     * @return true when the agreement rests on rtol alone
     */
    public boolean agreesRelatively() {
        return passed() && hasElements() && maxRel.rel() <= tolerance.rtol();
    }

    /**
     * Whether any element was compared (a tensor whose every element was skipped has no maxAbs).
     *
     * @return true when at least one element was compared
     */
    public boolean hasElements() {
        return maxAbs != null;
    }

    /**
     * The candidate's shape.
     *
     * @return a copy
     */
    @Override
    public int[] candidateShape() {
        return candidateShape.clone();
    }

    /**
     * The reference's shape.
     *
     * @return a copy
     */
    @Override
    public int[] referenceShape() {
        return referenceShape.clone();
    }

    /** Whether {@code value} displaces {@code current}: the first of equals is kept, so the lowest index wins a tie; NaN ranks with +Infinity. */
    private static boolean exceeds(double value, ElementDiff current, java.util.function.ToDoubleFunction<ElementDiff> measure) {
        return current == null || rank(value) > rank(measure.applyAsDouble(current));
    }

    private static double rank(double value) {
        return Double.isNaN(value) ? Double.MAX_VALUE * 2 : value;
    }
}
