package parity.core.activation;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** σ(z) = 1 / (1 + e^-z); σ'(z) = a·(1 - a). */
public final class Sigmoid implements ActivationFunction {

    @Override
    public INDArray apply(INDArray z) {
        return Transforms.sigmoid(z, true);
    }

    @Override
    public INDArray derivative(INDArray z, INDArray a) {
        return a.mul(a.rsub(1.0));
    }
}
