package parity.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class ToleranceTest {

    @Test
    void errorRatioIsTheDifferenceOverItsAllowance() {
        Tolerance tolerance = new Tolerance(1e-3, 0.5);
        // allowance 0.5 + 1e-3·1000 = 1.5
        assertEquals(1.0, tolerance.errorRatio(1001.5, 1000));
        assertEquals(0.5, tolerance.errorRatio(999.25, 1000));
        assertEquals(4.0, tolerance.errorRatio(1006, 1000));
        assertEquals(0, tolerance.errorRatio(3, 3));
    }

    @Test
    void errorRatioIsInfiniteWhereNothingIsAllowedOrAValueIsNotFinite() {
        Tolerance exact = new Tolerance(0, 0);
        assertEquals(Double.POSITIVE_INFINITY, exact.errorRatio(1e-300, 0));
        assertEquals(0, exact.errorRatio(0, 0));
        Tolerance tolerance = new Tolerance(1e-7, 1e-7);
        assertEquals(Double.POSITIVE_INFINITY, tolerance.errorRatio(Double.NaN, 1));
        assertEquals(Double.POSITIVE_INFINITY, tolerance.errorRatio(1, Double.NEGATIVE_INFINITY));
    }

    /** The ratio must tell the same as the rule, even where the division rounds (r > 1 ⇔ not allowed). */
    @Test
    void errorRatioAboveOneExactlyWhenTheRuleFails() {
        SplittableRandom random = new SplittableRandom(11);
        int nearEdge = 0;
        for (int i = 0; i < 200_000; i++) {
            double rtol = Math.pow(10, -random.nextInt(1, 9));
            double atol = random.nextBoolean() ? 0 : Math.pow(10, -random.nextInt(1, 12));
            Tolerance tolerance = new Tolerance(rtol, atol);
            double b = (random.nextDouble() - 0.5) * Math.pow(10, random.nextInt(-6, 6));
            double allowed = atol + rtol * Math.abs(b);
            // a at the edge of its allowance, give or take a few ulps: where rounding decides
            double a = b + allowed + Math.ulp(b) * random.nextInt(-4, 5);
            double ratio = tolerance.errorRatio(a, b);
            assertEquals(!tolerance.allows(a, b), ratio > 1, () -> "a " + a + ", b " + b + ", " + tolerance);
            if (Math.abs(ratio - 1) < 1e-12) {
                nearEdge++;
            }
        }
        assertTrue(nearEdge > 10_000, "the samples must reach the edge: " + nearEdge);
    }
}
