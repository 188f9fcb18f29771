package parity.core.activation;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/** relu(z) = max(0, z); relu'(z) = 1 where z > 0, else 0 (0 at the kink itself, as torch takes it). */
public final class Relu implements ActivationFunction {

    @Override
    public INDArray apply(INDArray z) {
        return Transforms.max(z, 0.0, true);
    }

    @Override
    public INDArray derivative(INDArray z, INDArray a) {
        return z.gt(0.0).castTo(z.dataType());
    }
}
