package parity.api;

/**
 * How close a value must be to the reference: {@code |a - b| <= atol + rtol * |b|}, where b is the
 * reference value. NaN or an infinity on either side never passes.
 *
 * @param stated whether the fixture states it (its {@code tolerance} key); a dtype's default is not
 *     stated, and on a float32 fixture gives way to the rounding bound
 */
public record Tolerance(double rtol, double atol, boolean stated) {

    /**
     * A stated tolerance.
     *
     * @param rtol the relative part, times |b|
     * @param atol the absolute part
     */
    public Tolerance(double rtol, double atol) {
        this(rtol, atol, true);
    }

    /**
     * Whether {@code |a - b| <= atol + rtol * |b|}, both finite.
     *
     * @param actual a, the value under test
     * @param reference b, the reference value
     * @return true when a passes against b
     */
    public boolean allows(double actual, double reference) {
        if (!Double.isFinite(actual) || !Double.isFinite(reference)) {
            return false;
        }
        return Math.abs(actual - reference) <= atol + rtol * Math.abs(reference);
    }

    /**
     * How far into its allowance an element's difference goes: {@code r = |a - b| / (atol + rtol * |b|)}.
     * {@code r <= 1} exactly when {@link #allows} does, so {@code r > 1} is out of tolerance: a division
     * that rounds a difference just beyond its allowance down to 1 is raised to the next double above 1.
     * 0 when a = b; +Infinity when a ≠ b and nothing is allowed (b = 0, atol = 0), or for a value that is
     * not finite.
     *
     * @param actual a, the value under test
     * @param reference b, the reference value
     * @return r, ≥ 0
     */
    public double errorRatio(double actual, double reference) {
        return errorRatio(actual, reference, atol + rtol * Math.abs(reference));
    }

    /**
     * The same measure against any allowance, {@code r = |a - b| / allowed}, as a rounding bound gives each
     * element its own: {@code r <= 1} exactly when {@code |a - b| <= allowed}; +Infinity for a value or an
     * allowance that is not finite.
     *
     * @param actual a, the value under test
     * @param reference b, the reference value
     * @param allowed the largest |a - b| that passes
     * @return r, ≥ 0
     */
    public static double errorRatio(double actual, double reference, double allowed) {
        if (!Double.isFinite(actual) || !Double.isFinite(reference) || !Double.isFinite(allowed)) {
            return Double.POSITIVE_INFINITY;
        }
        double difference = Math.abs(actual - reference);
        if (difference == 0) {
            return 0;
        }
        double ratio = difference / allowed;
        return difference > allowed ? Math.max(ratio, Math.nextUp(1.0)) : ratio;
    }

    /**
     * The smallest rtol at which {@code actual} would pass against {@code reference} with this atol:
     * {@code max(0, (|a - b| - atol) / |b|)}; +Infinity when no rtol suffices (b = 0 and |a - b| > atol,
     * or a value that is not finite).
     *
     * @param actual a, the value under test
     * @param reference b, the reference value
     * @return the rtol, ≥ 0
     */
    public double smallestPassingRtol(double actual, double reference) {
        if (!Double.isFinite(actual) || !Double.isFinite(reference)) {
            return Double.POSITIVE_INFINITY;
        }
        double excess = Math.abs(actual - reference) - atol;
        if (excess <= 0) {
            return 0;
        }
        return reference == 0 ? Double.POSITIVE_INFINITY : excess / Math.abs(reference);
    }
}
