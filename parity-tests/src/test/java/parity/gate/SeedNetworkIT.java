package parity.gate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import parity.api.Implementation;
import parity.api.LossAndGradients;
import parity.compare.Implementations;
import parity.fixtures.BundledSuite;
import parity.fixtures.InvalidFixtureException;
import parity.support.Core;

/**
 * The seed post's network gives the post's numbers on both sides, within 1e-12. The expected values
 * are worked out here in closed form, not taken from either implementation: the hidden pre-activations
 * are 17 and 23 for the two samples, W2's rows are equal so the softmax is uniform (p = 1/5) and
 * W2ᵀ(p - y) = 0, so the hidden layer gets no data gradient.
 */
class SeedNetworkIT {

    private static final double EPS = 1e-12;

    static List<Implementation> implementations() {
        return List.of(Core.IMPLEMENTATION, Implementations.REFERENCE);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("implementations")
    void postNumbers(Implementation implementation) throws InvalidFixtureException {
        LossAndGradients result = implementation.lossAndGradients(BundledSuite.load("seed-blog.json"));
        double s17 = sigmoid(17);
        double s23 = sigmoid(23);

        // ln 5 + 0.5·λ·(‖W1‖² + ‖W2‖²) = ln 5 + 0.25·(4·14 + 20·4)
        assertEquals(35.6094379124341, result.loss(), EPS);
        assertEquals(Math.log(5) + 0.25 * (4 * 14 + 20 * 4), result.loss(), EPS);

        // dW1 = λ·W1 alone; db1 = 0 (rounding noise of order 1e-24 is allowed by EPS).
        assertArrayEquals(repeat(new double[] {0.5, 1.0, 1.5}, 4), result.gradients().get("dW1").data(), EPS);
        assertArrayEquals(new double[4], result.gradients().get("db1").data(), EPS);

        // dW2[k] = (1/N)·Σ_i (p - y_i)[k]·a1_i + λ·W2[k], with p = 0.2, labels 3 and 4, a1 = σ(17), σ(23).
        double others = 0.5 * (0.2 * s17 + 0.2 * s23) + 1.0;
        double row3 = 0.5 * (-0.8 * s17 + 0.2 * s23) + 1.0;
        double row4 = 0.5 * (0.2 * s17 - 0.8 * s23) + 1.0;
        double[] dW2 = new double[20];
        double[] rows = {others, others, others, row3, row4};
        for (int k = 0; k < 5; k++) {
            java.util.Arrays.fill(dW2, 4 * k, 4 * k + 4, rows[k]);
        }
        assertArrayEquals(dW2, result.gradients().get("dW2").data(), EPS);
        assertEquals(1.1999999958498007, others, EPS);
        assertEquals(0.7000000165494884, row3, EPS);
        assertEquals(0.69999999590111, row4, EPS);

        // db2 = (1/N)·Σ_i (p - y_i)
        assertArrayEquals(new double[] {0.2, 0.2, 0.2, -0.3, -0.3}, result.gradients().get("db2").data(), EPS);
    }

    private static double sigmoid(double z) {
        return 1 / (1 + Math.exp(-z));
    }

    private static double[] repeat(double[] row, int times) {
        double[] out = new double[row.length * times];
        for (int i = 0; i < times; i++) {
            System.arraycopy(row, 0, out, i * row.length, row.length);
        }
        return out;
    }
}
