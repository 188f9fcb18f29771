package parity.rounding;

import parity.api.DType;

/**
 * What each element may differ by when neither side is wrong: {@code |a - b| <= max(λ·u·√s·S, 2⁻¹⁰⁰)}, where
 * S is the element's {@linkplain RoundingScales rounding scale}, u the unit roundoff of the fixture's
 * dtype (2⁻²⁴ for float32), and s the number of sides that computed in that dtype (2 for core ↔ reference,
 * 1 against the same network in float64, whose own rounding is negligible beside it).
 *
 * <p>λ = {@value #LAMBDA}: under the model's assumptions an error beyond λ standard deviations has
 * probability at most 2·exp(-λ²/2) ≈ 2.5·10⁻¹⁴ (Hoeffding's inequality, as in Higham and Mary 2019),
 * small enough that a million compared elements a day fail falsely once in tens of thousands of years;
 * the margin also covers what the model leaves out (errors that are correlated rather than independent).
 * docs/oracles.md gives the measured ratios |a - b| / (u·√s·S) on thousands of random networks.
 */
public record RoundingBound(DType dtype, RoundingScales scales, int sides) {

    /** Standard deviations allowed. */
    public static final double LAMBDA = 8;

    /**
     * The least allowance, 2⁻¹⁰⁰ ≈ 7.9e-31 in float32 (2⁻⁹⁰⁰ in float64): 26 binades above the smallest normal
     * number. A library that flushes subnormal inputs and results to zero (ND4J does) loses up to the smallest
     * normal number times whatever it meets next, which the model carries only one rounding deep; elements
     * that small say nothing about a gradient's correctness.
     */
    static final double FLOAT32_FLOOR = 0x1p-100;
    static final double FLOAT64_FLOOR = 0x1p-900;

    /**
     * 2⁻²⁴ for float32, 2⁻⁵³ for float64.
     *
     * @param dtype the dtype
     * @return u
     */
    public static double unitRoundoff(DType dtype) {
        return dtype == DType.FLOAT32 ? 0x1p-24 : 0x1p-53;
    }

    /**
     * The same scales for a pair with another number of sides in the dtype.
     *
     * @param otherSides s: 2 for two sides in the dtype, 1 against a float64 side
     * @return the bound
     */
    public RoundingBound withSides(int otherSides) {
        return new RoundingBound(dtype, scales, otherSides);
    }

    /**
     * Per element of {@code tensor}, its allowance; null for a quantity the scales do not model.
     *
     * @param tensor a quantity's name: loss, dW1, z1, …
     * @return max(λ·u·√s·S, the floor) per element, or null
     */
    public double[] allowed(String tensor) {
        double[] scale = scales.of(tensor);
        if (scale == null) {
            return null;
        }
        double factor = LAMBDA * unitRoundoff(dtype) * Math.sqrt(sides);
        double floor = dtype == DType.FLOAT32 ? FLOAT32_FLOOR : FLOAT64_FLOOR;
        for (int i = 0; i < scale.length; i++) {
            scale[i] = Math.max(factor * scale[i], floor);
        }
        return scale;
    }

    /**
     * The rule as messages state it, e.g. {@code λ·u·√s·S per element (float32 rounding bound: λ 8, u 2^-24, s 2)}.
     *
     * @return the rule
     */
    public String rule() {
        return "λ·u·√s·S per element (" + dtype.jsonName() + " rounding bound: λ " + (int) LAMBDA + ", u 2^-"
                + (dtype == DType.FLOAT32 ? 24 : 53) + ", s " + sides + ", S the element's rounding scale)";
    }
}
