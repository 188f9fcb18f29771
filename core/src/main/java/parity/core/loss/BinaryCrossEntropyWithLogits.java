package parity.core.loss;

import org.nd4j.linalg.api.ndarray.INDArray;
import parity.api.LossOptions;
import parity.api.Targets;
import parity.core.Nd4jTensors;
import parity.core.PairwiseSum;

/**
 * torch's binary_cross_entropy_with_logits, mean over all N·D_out elements, with pos_weight p per output:
 * <pre>
 * w = 1 + (p - 1)·t
 * ℓ(z, t) = (1 - t)·z + w·(log(1 + e^-|z|) + max(-z, 0))          (w·softplus(-z), computed without overflow)
 * dℓ/dz = (1 - t) + w·(σ(z) - 1) = w·σ(z) - p·t                    (softplus(-z)' = -σ(-z) = σ(z) - 1)
 * dL/dz = dℓ/dz / (N·D_out)
 * </pre>
 * Each element's ℓ and slope are taken in double from z's own value and stored in z's dtype, one rounding.
 */
public final class BinaryCrossEntropyWithLogits implements DataLoss {

    private final LossOptions options;

    public BinaryCrossEntropyWithLogits(LossOptions options) {
        this.options = options;
    }

    @Override
    public double value(INDArray z, Targets targets) {
        INDArray t = targets(z, targets);
        INDArray losses = z.dup();
        long columns = z.columns();
        for (long i = 0; i < z.length(); i++) {
            double x = z.getDouble(i);
            double target = t.getDouble(i);
            double w = 1 + (options.posWeight((int) (i % columns)) - 1) * target;
            losses.putScalar(i, (1 - target) * x + w * (Math.log1p(Math.exp(-Math.abs(x))) + Math.max(-x, 0)));
        }
        return PairwiseSum.mean(losses);
    }

    @Override
    public INDArray gradient(INDArray z, Targets targets) {
        INDArray t = targets(z, targets);
        INDArray slopes = z.dup();
        long columns = z.columns();
        double n = z.length();
        for (long i = 0; i < z.length(); i++) {
            double x = z.getDouble(i);
            double target = t.getDouble(i);
            double p = options.posWeight((int) (i % columns));
            double w = 1 + (p - 1) * target;
            slopes.putScalar(i, (w * sigmoid(x) - p * target) / n);
        }
        return slopes;
    }

    /** σ(x) without overflow for either sign. */
    private static double sigmoid(double x) {
        return x >= 0 ? 1 / (1 + Math.exp(-x)) : Math.exp(x) / (1 + Math.exp(x));
    }

    private static INDArray targets(INDArray z, Targets targets) {
        return Nd4jTensors.toArray(((Targets.Values) targets).values(), z.dataType());
    }
}
