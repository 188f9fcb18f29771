package parity.core.activation;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * leaky_relu(z) = z for z &gt; 0, else 0.01·z (torch's default slope); its derivative is 1 where
 * z &gt; 0, else 0.01, at the kink itself too, as torch takes it.
 */
public final class LeakyRelu implements ActivationFunction {

    static final double SLOPE = 0.01;

    @Override
    public INDArray apply(INDArray z) {
        return z.mul(derivative(z, null));
    }

    /** [z &gt; 0] + 0.01·[z ≤ 0]: each element exactly 1 or 0.01. */
    @Override
    public INDArray derivative(INDArray z, INDArray a) {
        INDArray positive = z.gt(0.0).castTo(z.dataType());
        return positive.rsub(1.0).muli(SLOPE).addi(positive);
    }
}
