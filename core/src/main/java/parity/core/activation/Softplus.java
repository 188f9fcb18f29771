package parity.core.activation;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * softplus(z) = log(1 + e^z), and z itself above the threshold 20, as torch's softplus with β = 1;
 * softplus'(z) = σ(z) = 1 / (1 + e^-z), and 1 above the threshold.
 */
public final class Softplus implements ActivationFunction {

    static final double THRESHOLD = 20;

    @Override
    public INDArray apply(INDArray z) {
        // Clamped before e^z, so that no element overflows; those above the threshold take z instead.
        INDArray smooth = Transforms.log1p(Transforms.exp(Transforms.min(z, THRESHOLD, true), false), false);
        return choose(z, z, smooth);
    }

    @Override
    public INDArray derivative(INDArray z, INDArray a) {
        return choose(z, z.like().assign(1.0), Transforms.sigmoid(z, true));
    }

    /** {@code above} where z &gt; 20, else {@code below}; exact, as each term is multiplied by 0 or 1. */
    private static INDArray choose(INDArray z, INDArray above, INDArray below) {
        INDArray mask = z.gt(THRESHOLD).castTo(z.dataType());
        return below.mul(mask.rsub(1.0)).addi(above.mul(mask));
    }
}
