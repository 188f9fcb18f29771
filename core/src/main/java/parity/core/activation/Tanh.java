package parity.core.activation;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** tanh(z); tanh'(z) = 1 - a². */
public final class Tanh implements ActivationFunction {

    @Override
    public INDArray apply(INDArray z) {
        return Transforms.tanh(z, true);
    }

    @Override
    public INDArray derivative(INDArray z, INDArray a) {
        return a.mul(a).rsubi(1.0);
    }
}
