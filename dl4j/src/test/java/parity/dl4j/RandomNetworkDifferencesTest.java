package parity.dl4j;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;
import org.nd4j.linalg.activations.impl.ActivationLReLU;
import org.nd4j.linalg.activations.impl.ActivationSigmoid;
import org.nd4j.linalg.activations.impl.ActivationSoftPlus;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.lossfunctions.impl.LossBinaryXENT;

/**
 * The differences RandomNetworksOnDl4jIT found on random networks (docs/dl4j.md, "Random networks"), each on the
 * smallest input that shows it: DL4J's own activation or loss on one value, against torch's definition computed
 * here in double, and against a model of DL4J's convention.
 */
class RandomNetworkDifferencesTest {

    /**
     * libnd4j's softplus is {@code log(1 + exp(z))} in the array's dtype: in float32, 1 + e^z is rounded to a
     * multiple of 2^-23 before the log, an error up to 2^-24 / (1 + e^z) where log1p would be exact to an ulp.
     */
    @Test
    void float32SoftplusRoundsOnePlusExpBeforeTheLog() {
        double worst = 0;
        float worstZ = 0;
        for (int k = 0; k <= 1500; k++) {
            float z = -16 + k * 0.01f;
            double dl4j = softplus(Nd4j.create(new float[] {z}, new long[] {1, 1}));
            double exact = Math.log1p(Math.exp(z));
            float model = (float) Math.log((float) (1f + (float) Math.exp(z)));
            assertEquals(model, dl4j, Math.ulp(model), "z " + z + ": DL4J is log(1 + e^z) in float32");
            assertTrue(Math.abs(dl4j - exact) <= 0x1p-24 / (1 + Math.exp(z)) + Math.ulp((float) exact), "z " + z);
            double ulps = Math.abs(dl4j - exact) / Math.ulp((float) exact);
            if (ulps > worst) {
                worst = ulps;
                worstZ = z;
            }
        }
        System.out.println("float32 softplus: worst " + worst + " ulps at z = " + worstZ + ": DL4J "
                + softplus(Nd4j.create(new float[] {worstZ}, new long[] {1, 1})) + ", log1p(e^z) "
                + Math.log1p(Math.exp(worstZ)));
        assertTrue(worst > 1000, "far beyond float32's rounding: " + worst + " ulps at z = " + worstZ);
    }

    /** e^z overflows: log(1 + e^z) is +∞ above ln(FLT_MAX) ≈ 88.72 in float32 and ln(DBL_MAX) ≈ 709.78 in float64. */
    @Test
    void softplusOverflowsWhereTorchReturnsZ() {
        assertEquals(Double.POSITIVE_INFINITY, softplus(Nd4j.create(new float[] {89f}, new long[] {1, 1})));
        assertEquals(Double.POSITIVE_INFINITY, softplus(Nd4j.create(new double[] {710}, new long[] {1, 1})));
        assertEquals(88f, softplus(Nd4j.create(new float[] {88f}, new long[] {1, 1})), 0);
    }

    /** No threshold: DL4J's derivative at z = 25 is σ(25) = 1 - 1.4e-11; torch's softplus is z there, slope 1. */
    @Test
    void softplusHasNoThresholdInItsDerivative() {
        INDArray z = Nd4j.create(new double[] {25}, new long[] {1, 1});
        double slope = new ActivationSoftPlus().backprop(z, Nd4j.ones(DataType.DOUBLE, 1, 1)).getFirst().getDouble(0);
        assertEquals(1 / (1 + Math.exp(-25)), slope, 4e-16);
        assertNotEquals(1.0, slope);
    }

    /** lrelu_bp takes α as a C float: the slope below 0 is (float) 0.01 = 0.009999999776482582 in float64 too. */
    @Test
    void leakyReluBackwardSlopeIsAFloat() {
        INDArray z = Nd4j.create(new double[] {-1}, new long[] {1, 1});
        double forward = new ActivationLReLU(0.01).getActivation(z.dup(), false).getDouble(0);
        double slope = new ActivationLReLU(0.01).backprop(z.dup(), Nd4j.ones(DataType.DOUBLE, 1, 1)).getFirst()
                .getDouble(0);
        assertEquals(-0.01, forward, 0, "the forward pass keeps the double α");
        assertEquals((double) (float) 0.01, slope, 0, "the backward pass the float one");
        assertNotEquals(0.01, slope);
    }

    /**
     * LossBinaryXENT on one output z = 20, target 0: σ clipped to 1 - 1e-5 in the score and the gradient. torch:
     * loss softplus(20) = 20.000000002, gradient σ(20) - 0 = 0.999999998. DL4J: -log(1e-5) = 11.513 and
     * (σc - t) / (σc·(1 - σc)) · σ(20)·(1 - σ(20)) = 2.06e-4.
     */
    @Test
    void binaryCrossEntropyClipsSigmaInScoreAndGradient() {
        INDArray z = Nd4j.create(new double[] {20}, new long[] {1, 1});
        INDArray t = Nd4j.zeros(DataType.DOUBLE, 1, 1);
        LossBinaryXENT loss = new LossBinaryXENT();
        double score = loss.computeScore(t, z.dup(), new ActivationSigmoid(), null, false);
        double gradient = loss.computeGradient(t, z.dup(), new ActivationSigmoid(), null).getDouble(0);

        double sigma = 1 / (1 + Math.exp(-20));
        double clipped = 1 - 1e-5;
        assertEquals(-Math.log(1 - clipped), score, 1e-12);
        assertEquals(clipped / (clipped * (1 - clipped)) * sigma * (1 - sigma), gradient, 1e-15);
        double torchLoss = 20 + Math.log1p(Math.exp(-20));
        assertTrue(torchLoss - score > 8, score + " against torch's " + torchLoss);
        assertTrue(sigma / gradient > 4000, gradient + " against torch's " + sigma);
        System.out.println("LossBinaryXENT at z = 20, t = 0: score " + score + " (torch " + torchLoss + "), gradient "
                + gradient + " (torch " + sigma + ")");
    }

    private static double softplus(INDArray z) {
        return new ActivationSoftPlus().getActivation(z, false).getDouble(0);
    }
}
